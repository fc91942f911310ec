import { describe, expect, it } from 'vitest';
import { accessKeyCreated } from '../../../src/detectors/access-key-created.js';
import {
  judgePanther,
  pantherCase,
  pantherCases,
  pantherCasesAvailable,
} from '../../helpers/panther-cases.js';
import { assumedRole, detect, iamUser, record, root } from '../../helpers/records.js';

// After the IAM CreateAccessKey record in the CloudTrail reference, redacted.
const createKey = (userName: string | undefined, overrides: Record<string, unknown> = {}) =>
  record({
    eventName: 'CreateAccessKey',
    readOnly: false,
    requestParameters: userName ? { userName } : null,
    responseElements: {
      accessKey: { accessKeyId: 'AKIAEXAMPLENEWKEY001', status: 'Active', userName: userName ?? 'alice' },
    },
    ...overrides,
  });

describe('access-key-created', () => {
  it('when a user creates a key for another user, raises a high finding naming both and the new key', () => {
    const event = createKey('bob');
    const [finding, ...rest] = detect(accessKeyCreated, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('access-key-activity');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('user/alice');
    expect(finding?.summary).toContain('for another user, bob');
    expect(finding?.summary).toContain('AKIAEXAMPLENEWKEY001');
  });

  it('when a role session creates a key for any user, treats it as another user', () => {
    const [finding] = detect(accessKeyCreated, [createKey('alice', { userIdentity: assumedRole() })]);
    expect(finding?.severity).toBe('high');
  });

  it('when root creates a key for an IAM user, treats it as another user', () => {
    const [finding] = detect(accessKeyCreated, [
      createKey('bob', { userIdentity: root('ASIAEXAMPLEROOTSESS1') }),
    ]);
    expect(finding?.severity).toBe('high');
  });

  it('when a user creates a key for themselves, by name in another case or by omitting it, ranks it medium', () => {
    const named = detect(accessKeyCreated, [createKey('Alice')]);
    const omitted = detect(accessKeyCreated, [createKey(undefined, { userIdentity: iamUser('carol') })]);
    expect(named[0]?.severity).toBe('medium');
    expect(named[0]?.summary).toContain('for itself');
    expect(omitted[0]?.severity).toBe('medium');
  });

  it('when root creates its own key, leaves it to root-access-key-created', () => {
    expect(
      detect(accessKeyCreated, [createKey(undefined, { userIdentity: root('ASIAEXAMPLEROOTSESS1') })]),
    ).toEqual([]);
  });

  describe.skipIf(!pantherCasesAvailable)(
    'against Panther (panther-labs/panther-analysis, Apache-2.0)',
    () => {
      it('catches every AWS.IAM.Backdoor.User.Keys positive', () => {
        const positives = pantherCases('AWS.IAM.Backdoor.User.Keys').filter((each) => each.expected);
        expect(positives).toHaveLength(3);
        for (const each of positives)
          expect(judgePanther(accessKeyCreated, each).caught, each.name).toBe(true);
      });

      it('keeps the AWS.IAM.Backdoor.User.Keys negatives below high', () => {
        for (const name of ['user1 create keys for user1', 'CreateKey returns error code']) {
          const verdict = judgePanther(accessKeyCreated, pantherCase('AWS.IAM.Backdoor.User.Keys', name));
          expect(verdict.alarm, name).toBe(false);
        }
      });

      it('stays quiet on AWS.CloudTrail.RootAccessKeyCreated "Root Access Key Created"', () => {
        const verdict = judgePanther(
          accessKeyCreated,
          pantherCase('AWS.CloudTrail.RootAccessKeyCreated', 'Root Access Key Created'),
        );
        expect(verdict.findings).toEqual([]);
      });
    },
  );
});
