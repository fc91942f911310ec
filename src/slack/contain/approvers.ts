/** Who may approve, as the approval policy wants it: user ids and the current members of the approver groups. */
import type { AccessRule } from '../../config/slack-config.js';
import type { Approvers } from '../../remediation/approval-policy.js';
import type { GroupMembers } from '../access/group-members.js';

export function createApprovers(
  rule: AccessRule,
  groups: GroupMembers,
): (userId: string) => Promise<Approvers> {
  return async (userId) => {
    const members = new Set<string>();
    for (const group of rule.groups) for (const member of await groups.members(group)) members.add(member);
    // `anyone: true` makes every clicker an approver; the requester is still refused by the policy.
    const userIds = new Set(rule.anyone ? [...rule.users, userId] : rule.users);
    return { userIds, groupMemberIds: members };
  };
}
