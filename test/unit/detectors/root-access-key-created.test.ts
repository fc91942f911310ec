import { describe, expect, it } from 'vitest';
import { rootAccessKeyCreated } from '../../../src/detectors/root-access-key-created.js';
import { judgePanther, pantherCase, pantherCasesAvailable } from '../../helpers/panther-cases.js';
import { detect, iamUser, record, root } from '../../helpers/records.js';

// After the IAM CreateAccessKey record in the CloudTrail reference, redacted.
const createKey = (overrides: Record<string, unknown> = {}) =>
  record({
    eventName: 'CreateAccessKey',
    readOnly: false,
    userIdentity: root('ASIAEXAMPLEROOTSESS1'),
    requestParameters: null,
    responseElements: {
      accessKey: {
        accessKeyId: 'AKIAEXAMPLENEWROOT01',
        status: 'Active',
        createDate: 'Mar 2, 2026 10:00:00 AM',
      },
    },
    ...overrides,
  });

describe('root-access-key-created', () => {
  it('when root creates a key for itself, raises a critical finding naming the new key', () => {
    const event = createKey();
    const [finding, ...rest] = detect(rootAccessKeyCreated, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('critical');
    expect(finding?.category).toBe('root-usage');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('AKIAEXAMPLENEWROOT01');
  });

  it('when the attempt fails, reports it one step lower', () => {
    const [finding] = detect(rootAccessKeyCreated, [
      createKey({ errorCode: 'LimitExceeded', responseElements: null }),
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('tried to create');
  });

  it('when root creates a key for an IAM user, leaves it to access-key-created', () => {
    expect(detect(rootAccessKeyCreated, [createKey({ requestParameters: { userName: 'bob' } })])).toEqual([]);
  });

  it('when an IAM user creates their own key, stays quiet', () => {
    expect(detect(rootAccessKeyCreated, [createKey({ userIdentity: iamUser() })])).toEqual([]);
  });

  describe.skipIf(!pantherCasesAvailable)(
    'against Panther (panther-labs/panther-analysis, Apache-2.0)',
    () => {
      it('catches AWS.CloudTrail.RootAccessKeyCreated "Root Access Key Created"', () => {
        const verdict = judgePanther(
          rootAccessKeyCreated,
          pantherCase('AWS.CloudTrail.RootAccessKeyCreated', 'Root Access Key Created'),
        );
        expect(verdict.caught).toBe(true);
        expect(verdict.findings[0]?.category).toBe('root-usage');
      });

      it('stays quiet on "Root Created Access Key For User"', () => {
        const verdict = judgePanther(
          rootAccessKeyCreated,
          pantherCase('AWS.CloudTrail.RootAccessKeyCreated', 'Root Created Access Key For User'),
        );
        expect(verdict.findings).toEqual([]);
      });
    },
  );
});
