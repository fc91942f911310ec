import { describe, expect, it } from 'vitest';
import { organizationLeaveAttempted } from '../../../src/detectors/organization-leave-attempted.js';
import { judgePanther, pantherCase, pantherCasesAvailable } from '../../helpers/panther-cases.js';
import { assumedRole, detect, record } from '../../helpers/records.js';

const leave = (overrides: Record<string, unknown> = {}) =>
  record({
    eventSource: 'organizations.amazonaws.com',
    eventName: 'LeaveOrganization',
    readOnly: false,
    userIdentity: assumedRole('OrgAdmin', 'mallory'),
    ...overrides,
  });

describe('organization-leave-attempted', () => {
  it('when an account leaves its organization, raises a critical account-change finding', () => {
    const event = leave();
    const [finding, ...rest] = detect(organizationLeaveAttempted, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('critical');
    expect(finding?.category).toBe('account-change');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('took account 123456789012 out of its organization');
  });

  it('when the attempt is denied, keeps it high and names the error', () => {
    const [finding] = detect(organizationLeaveAttempted, [leave({ errorCode: 'AccessDenied' })]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('tried to take');
    expect(finding?.summary).toContain('AccessDenied');
  });

  it('when the organization is only described, stays quiet', () => {
    expect(
      detect(organizationLeaveAttempted, [leave({ eventName: 'DescribeOrganization', readOnly: true })]),
    ).toEqual([]);
  });

  describe.skipIf(!pantherCasesAvailable)(
    'against Panther (panther-labs/panther-analysis, Apache-2.0)',
    () => {
      it('catches AWS.CloudTrail.AttemptToLeaveOrg "Failed Attempt to Leave Org" at high', () => {
        const verdict = judgePanther(
          organizationLeaveAttempted,
          pantherCase('AWS.CloudTrail.AttemptToLeaveOrg', 'Failed Attempt to Leave Org'),
        );
        expect(verdict.caught).toBe(true);
        expect(verdict.severity).toBe('high');
      });
    },
  );
});
