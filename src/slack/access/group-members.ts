/** Members of Slack user groups (usergroups.users.list), cached briefly so a click costs no API call. */
import type { WebClient } from '@slack/web-api';

export interface GroupMembers {
  /** Throws when Slack can't be asked: a refusal is then said, never an unchecked pass. */
  members(groupId: string): Promise<ReadonlySet<string>>;
}

export interface SlackGroupMembersOptions {
  client: Pick<WebClient, 'usergroups'>;
  /** Default five minutes: someone removed from a group loses access within that. */
  ttlMs?: number;
  now?: () => number;
}

export function createSlackGroupMembers(options: SlackGroupMembersOptions): GroupMembers {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { at: number; users: ReadonlySet<string> }>();
  return {
    async members(groupId) {
      const cached = cache.get(groupId);
      if (cached && now() - cached.at < ttlMs) return cached.users;
      const answer = await options.client.usergroups.users.list({ usergroup: groupId });
      const users: ReadonlySet<string> = new Set(answer.users ?? []);
      cache.set(groupId, { at: now(), users });
      return users;
    },
  };
}
