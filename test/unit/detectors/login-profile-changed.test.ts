import { describe, expect, it } from 'vitest';
import { loginProfileChanged } from '../../../src/detectors/login-profile-changed.js';
import { pantherCasesAvailable, pantherDisagreements, pantherVerdicts } from '../../helpers/panther-cases.js';
import { assumedRole, detect, iamUser, record } from '../../helpers/records.js';

const profile = (eventName: string, requestParameters: Record<string, unknown> | null, overrides = {}) =>
  record({ eventName, readOnly: false, requestParameters, ...overrides });

describe('login-profile-changed', () => {
  it("when a user sets another user's console password without forcing a reset, raises high naming the target", () => {
    const event = profile('UpdateLoginProfile', { userName: 'bob', passwordResetRequired: false });
    const [finding, ...rest] = detect(loginProfileChanged, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('privilege-change');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('reset the console password of user bob');
  });

  it('when a help desk creates a password the user must reset, raises medium', () => {
    const [finding] = detect(loginProfileChanged, [
      profile(
        'CreateLoginProfile',
        { userName: 'new-starter', passwordResetRequired: true },
        { userIdentity: assumedRole('HelpDesk', 'carol') },
      ),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('created the console password of user new-starter');
  });

  it('when a key gives its own user a console password, raises medium', () => {
    const [finding] = detect(loginProfileChanged, [
      profile('CreateLoginProfile', { userName: 'alice', passwordResetRequired: false }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('its own user alice');
  });

  it('when a user updates its own login profile (no userName), ranks it low', () => {
    const [finding] = detect(loginProfileChanged, [
      profile('UpdateLoginProfile', null, { userIdentity: iamUser('dave') }),
    ]);
    expect(finding?.severity).toBe('low');
  });

  it('when a role session named after the user resets its password, ranks it medium (session names are caller-chosen)', () => {
    const [finding] = detect(loginProfileChanged, [
      profile(
        'UpdateLoginProfile',
        { userName: 'erin', passwordResetRequired: false },
        { userIdentity: assumedRole('IAM', 'erin') },
      ),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('console password of user erin');
  });

  it('when the password is only changed through ChangePassword, stays quiet (another detector reads it)', () => {
    expect(detect(loginProfileChanged, [profile('ChangePassword', null)])).toEqual([]);
  });
});

describe.skipIf(!pantherCasesAvailable)(
  'login-profile-changed on Panther cases (from panther-labs/panther-analysis, Apache-2.0)',
  () => {
    it('agrees with LoginProfileCreatedOrModified and User.Login.Profile.Modified: high for another user, below high for a namesake session or a forced reset', () => {
      const rows = pantherVerdicts(
        loginProfileChanged,
        'AWS.CloudTrail.LoginProfileCreatedOrModified',
        'AWS.User.Login.Profile.Modified',
      );
      expect(rows.map((row) => [row.name, row.severity])).toEqual([
        ['ChangeOwnPassword', 'medium'],
        ['User changed password for other', 'high'],
        ['ChangeOwnPassword', 'medium'],
        ['User changed password for other', 'high'],
        ['User changed password for other reset required', 'medium'],
      ]);
      expect(pantherDisagreements(rows)).toEqual([]);
    });
  },
);
