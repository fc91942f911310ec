import { describe, expect, it } from 'vitest';
import { TuningSchema } from '../../../src/config/tuning.js';
import { createDetectionEngine } from '../../../src/detectors/engine.js';
import { roleAssumedFromExternalAccount } from '../../../src/detectors/role-assumed-from-external-account.js';
import { ACCOUNT, awsService, detect, iamUser, toEvent } from '../../helpers/records.js';
import {
  aliceRoutine,
  assume,
  at,
  awsAccountCaller,
  OUTSIDE_ACCOUNT,
  outsideUser,
  PARTNER_ACCOUNT,
  roleArn,
  roleRoutine,
  roleSession,
} from '../../helpers/s3-role-records.js';

const SUPPORT = roleArn('support-readonly');
const METRICS = roleArn('observability-read');
const partner = () => roleSession('metrics-collector', 'collector', PARTNER_ACCOUNT);

describe('role-assumed-from-external-account', () => {
  it('without any history, reports an untrusted outside account low, citing the event', () => {
    const event = assume(SUPPORT, outsideUser(), { eventTime: at(0) });
    const [finding, ...rest] = detect(roleAssumedFromExternalAccount, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('low');
    expect(finding?.category).toBe('role-assumption');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain(
      `user/mallory (account ${OUTSIDE_ACCOUNT}) assumed role support-readonly from untrusted external account`,
    );
  });

  it('when a role never assumed in ten days of the account’s trail is assumed from outside, ranks it high', () => {
    const event = assume(SUPPORT, outsideUser(), { eventTime: at(10) });
    const [finding] = detect(roleAssumedFromExternalAccount, [...aliceRoutine(), event]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('the role was never assumed in 10 days of this account’s trail');
  });

  it('when a role with a known partner is assumed from a new outside account, ranks it high and names the partner', () => {
    const event = assume(METRICS, awsAccountCaller('AROAOUTSIDEROLEID:x'), { eventTime: at(10) });
    const findings = detect(roleAssumedFromExternalAccount, [...roleRoutine(METRICS, partner()), event]);
    // The first finding is the partner's own first contact, at the start of the history.
    expect(findings.map((each) => each.severity)).toEqual(['low', 'high']);
    const finding = findings[1];
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain(`assumed before only from ${PARTNER_ACCOUNT} on 10 days`);
  });

  it('reports each outside account once per role: the partner’s routine polls stay quiet after the first', () => {
    const polls = roleRoutine(METRICS, partner(), 20);
    const findings = detect(roleAssumedFromExternalAccount, polls);
    expect(findings.map((finding) => finding.eventIds)).toEqual([[polls[0]?.eventID]]);
    expect(findings[0]?.severity).toBe('low');
  });

  it('when a failed attempt comes from a new outside account, reports it one step lower', () => {
    const event = assume(SUPPORT, outsideUser(), { eventTime: at(10), errorCode: 'AccessDenied' });
    const [finding] = detect(roleAssumedFromExternalAccount, [...aliceRoutine(), event]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('tried to assume role support-readonly');
  });

  it('when the caller is of the same account, a trusted account, or an AWS service, stays quiet', () => {
    const events = [
      ...aliceRoutine(),
      assume(SUPPORT, iamUser('bob', 'AKIAI44QH8DHBEXAMPLE'), { eventTime: at(10) }),
      assume(SUPPORT, awsService('ec2.amazonaws.com'), {
        eventTime: at(10, 11),
        sourceIPAddress: 'ec2.amazonaws.com',
      }),
      assume(SUPPORT, outsideUser('ops', PARTNER_ACCOUNT), { eventTime: at(10, 12) }),
    ];
    const tuning = TuningSchema.parse({ allow: { trustedAccounts: [PARTNER_ACCOUNT] } });
    const engine = createDetectionEngine({ detectors: [roleAssumedFromExternalAccount], tuning });
    const findings = [...events.map(toEvent).flatMap((event) => engine.process(event)), ...engine.finish()];
    expect(findings).toEqual([]);
  });

  it('when this account’s principal assumes a role in another account (outbound), stays quiet', () => {
    const outbound = assume(roleArn('vendor-read', OUTSIDE_ACCOUNT), iamUser('alice'), {
      eventTime: at(10),
      recipientAccountId: ACCOUNT,
    });
    expect(detect(roleAssumedFromExternalAccount, [...aliceRoutine(), outbound])).toEqual([]);
  });
});
