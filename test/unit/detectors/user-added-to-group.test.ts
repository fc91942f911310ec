import { describe, expect, it } from 'vitest';
import { userAddedToGroup } from '../../../src/detectors/user-added-to-group.js';
import { detect, record } from '../../helpers/records.js';

const add = (groupName: string, overrides = {}) =>
  record({
    eventName: 'AddUserToGroup',
    readOnly: false,
    requestParameters: { userName: 'backdoor', groupName },
    ...overrides,
  });

describe('user-added-to-group', () => {
  it('when a user is added to an admin group, raises high naming user and group', () => {
    const event = add('Admins');
    const [finding, ...rest] = detect(userAddedToGroup, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('privilege-change');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('added user backdoor to privileged group Admins');
  });

  it.each(['PowerUsers', 'security-auditors', 'platform-ops', 'root-access'])(
    'when the group is %s, raises high',
    (group) => {
      expect(detect(userAddedToGroup, [add(group)])[0]?.severity).toBe('high');
    },
  );

  it('when the group name says nothing about privilege, ranks it low', () => {
    const [finding] = detect(userAddedToGroup, [add('marketing')]);
    expect(finding?.severity).toBe('low');
  });

  it('when a user is removed from a group, stays quiet', () => {
    expect(detect(userAddedToGroup, [add('Admins', { eventName: 'RemoveUserFromGroup' })])).toEqual([]);
  });
});
