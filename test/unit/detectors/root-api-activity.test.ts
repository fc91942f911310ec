import { describe, expect, it } from 'vitest';
import { rootApiActivity } from '../../../src/detectors/root-api-activity.js';
import { judgePanther, pantherCase, pantherCasesAvailable } from '../../helpers/panther-cases.js';
import { awsService, detect, iamUser, minutesAfter, record, root } from '../../helpers/records.js';

const BASE = '2026-03-02T10:00:00Z';
const rootCall = (overrides: Record<string, unknown> = {}) =>
  record({
    userIdentity: root('ASIAEXAMPLEROOTSESS1'),
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RunInstances',
    readOnly: false,
    ...overrides,
  });

describe('root-api-activity', () => {
  it('when root changes something from a session, raises a high root-usage finding naming the call', () => {
    const event = rootCall();
    const [finding, ...rest] = detect(rootApiActivity, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('root-usage');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('ec2:RunInstances');
  });

  it('when root calls anything with a long-term root access key, raises it as critical', () => {
    const [finding] = detect(rootApiActivity, [
      rootCall({
        userIdentity: root('AKIAEXAMPLEROOTKEY01'),
        eventName: 'DescribeInstances',
        readOnly: true,
      }),
    ]);
    expect(finding?.severity).toBe('critical');
    expect(finding?.summary).toContain('AKIAEXAMPLEROOTKEY01');
  });

  it('when root only reads, still reports it at medium (Panther ignores these; trailwatch does not)', () => {
    const [finding] = detect(rootApiActivity, [rootCall({ eventName: 'DescribeInstances', readOnly: true })]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('read-only');
  });

  it('when the record has no readOnly field, judges reads by the event name', () => {
    const [finding] = detect(rootApiActivity, [
      rootCall({ eventSource: 's3.amazonaws.com', eventName: 'ListBuckets', readOnly: undefined }),
    ]);
    expect(finding?.severity).toBe('medium');
  });

  it('when a console session makes many calls, groups them into one finding at the highest severity', () => {
    const events = [0, 1, 2].map((m) =>
      rootCall({
        eventTime: minutesAfter(BASE, m),
        eventName: m === 1 ? 'TerminateInstances' : 'DescribeVpcs',
        readOnly: m !== 1,
      }),
    );
    const findings = detect(rootApiActivity, events);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('high');
    expect(findings[0]?.eventIds).toEqual(events.map((e) => e.eventID));
    expect(findings[0]?.summary).toContain('TerminateInstances');
  });

  it('when an AWS service acts for root, or the event is a sign-in or service event, stays quiet', () => {
    expect(
      detect(rootApiActivity, [
        rootCall({ userIdentity: { ...root(), invokedBy: 'cloudformation.amazonaws.com' } }),
        rootCall({
          eventSource: 'signin.amazonaws.com',
          eventName: 'ConsoleLogin',
          eventType: 'AwsConsoleSignIn',
        }),
        rootCall({ eventName: 'RotateKey', eventType: 'AwsServiceEvent' }),
        rootCall({ userIdentity: awsService('ec2.amazonaws.com') }),
      ]),
    ).toEqual([]);
  });

  it('when root creates its own access key, leaves it to root-access-key-created', () => {
    expect(
      detect(rootApiActivity, [rootCall({ eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey' })]),
    ).toEqual([]);
  });

  it('when an IAM user makes the same call, stays quiet', () => {
    expect(detect(rootApiActivity, [rootCall({ userIdentity: iamUser() })])).toEqual([]);
  });

  describe.skipIf(!pantherCasesAvailable)(
    'against Panther AWS.Root.Activity (panther-labs/panther-analysis, Apache-2.0)',
    () => {
      it('catches "Root Activity" at high', () => {
        const verdict = judgePanther(rootApiActivity, pantherCase('AWS.Root.Activity', 'Root Activity'));
        expect(verdict.caught).toBe(true);
        expect(verdict.severity).toBe('high');
      });

      it('keeps "Root Read-Only Enumeration" and "CreateServiceLinkedRole" below high', () => {
        const reads = judgePanther(
          rootApiActivity,
          pantherCase('AWS.Root.Activity', 'Root Read-Only Enumeration'),
        );
        expect(reads.severity).toBe('medium');
        const linked = judgePanther(
          rootApiActivity,
          pantherCase('AWS.Root.Activity', 'Root Activity - CreateServiceLinkedRole'),
        );
        expect(linked.severity).toBe('low');
      });

      it('stays quiet on "IAMUser Activity" and "Root User Failed Activity"', () => {
        for (const name of ['IAMUser Activity', 'Root User Failed Activity']) {
          expect(judgePanther(rootApiActivity, pantherCase('AWS.Root.Activity', name)).findings).toEqual([]);
        }
      });
    },
  );
});
