import { describe, expect, it } from 'vitest';
import { snsSubscriptionByNewPrincipal } from '../../../src/detectors/sns-subscription-by-new-principal.js';
import { ACCOUNT, detect, record } from '../../helpers/records.js';
import { aliceRoutine, at, OUTSIDE_ACCOUNT, OUTSIDE_IP } from '../../helpers/s3-role-records.js';

const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:order-events`;

// After the SNS CloudTrail reference and Elastic's SNS exfiltration emulation: CloudTrail hides e-mail and
// phone endpoints; an e-mail subscription answers "pending confirmation" until the recipient confirms.
const subscribe = (
  eventTime: string,
  protocol: string,
  endpoint = 'HIDDEN_DUE_TO_SECURITY_REASONS',
  subscriptionArn = 'pending confirmation',
) =>
  record({
    eventTime,
    eventSource: 'sns.amazonaws.com',
    eventName: 'Subscribe',
    readOnly: false,
    sourceIPAddress: OUTSIDE_IP,
    requestParameters: { topicArn: TOPIC, protocol, endpoint, returnSubscriptionArn: false },
    responseElements: { subscriptionArn },
  });

describe('sns-subscription-by-new-principal', () => {
  it('when a principal with ten days of history subscribes an e-mail address, raises medium naming the topic', () => {
    const subscription = subscribe(at(10), 'email');
    const [finding, ...rest] = detect(snsSubscriptionByNewPrincipal, [...aliceRoutine(), subscription]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('data-exfiltration');
    expect(finding?.eventIds).toEqual([subscription.eventID]);
    expect(finding?.summary).toContain(
      `subscribed an email endpoint outside AWS to SNS topic ${TOPIC}, its first SNS subscription`,
    );
  });

  it('when the endpoint is a queue in another account, ranks it medium and names the account', () => {
    const queue = `arn:aws:sqs:us-east-1:${OUTSIDE_ACCOUNT}:collector`;
    const subscription = subscribe(at(10), 'sqs', queue, `${TOPIC}:5c1f2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f`);
    const [finding] = detect(snsSubscriptionByNewPrincipal, [...aliceRoutine(), subscription]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain(`subscribed an sqs endpoint in account ${OUTSIDE_ACCOUNT}`);
  });

  it('when the endpoint is a function of the same account, ranks it low', () => {
    const fn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:order-indexer`;
    const subscription = subscribe(at(10), 'lambda', fn, `${TOPIC}:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`);
    const [finding] = detect(snsSubscriptionByNewPrincipal, [...aliceRoutine(), subscription]);
    expect(finding?.severity).toBe('low');
  });

  it('when the principal has subscribed before, stays quiet', () => {
    const history = [...aliceRoutine(), subscribe(at(3, 12), 'email')];
    const later = subscribe(at(10), 'email');
    const findings = detect(snsSubscriptionByNewPrincipal, [...history, later]);
    expect(findings.flatMap((finding) => finding.eventIds)).not.toContain(later.eventID);
  });

  it('when a principal with no history subscribes, reports at most info', () => {
    const findings = detect(snsSubscriptionByNewPrincipal, [subscribe(at(0), 'email')]);
    expect(findings.every((finding) => finding.severity === 'info')).toBe(true);
  });
});
