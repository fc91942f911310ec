/** The fake Slack workspace a method handler sees: its team, users, groups, store and clock. */
import type { SlackMessageStore } from './slack-message-store.js';
import type { SlackArgs } from './slack-wire.js';

/** Obviously fake tokens: the fakes accept these by default. */
export const TEST_BOT_TOKEN = 'xoxb-test-trailwatch-bot';
export const TEST_APP_TOKEN = 'xapp-test-trailwatch-app';

export interface FakeSlackUser {
  id: string;
  name: string;
  real_name?: string;
  email?: string;
  tz?: string;
  is_admin?: boolean;
  deleted?: boolean;
}

export interface FakeSlackTeam {
  id: string;
  name: string;
  domain: string;
}

export interface SlackWorkspace {
  team: FakeSlackTeam;
  appId: string;
  botUserId: string;
  botId: string;
  users: FakeSlackUser[];
  /** Usergroup id (S…) → member user ids. */
  usergroups: Record<string, string[]>;
  store: SlackMessageStore;
  /** Milliseconds since the epoch. */
  clock: () => number;
  /** A fresh message ts: unique and increasing. */
  nextTs: () => string;
  /** The Socket Mode URL apps.connections.open hands out, when a Socket Mode fake is attached. */
  socketModeUrl: () => string | undefined;
}

export type SlackResult = { ok: true; [key: string]: unknown } | { ok: false; error: string };

/** Who called: the fake tells bot tokens (xoxb-) from app-level tokens (xapp-). */
export interface SlackCaller {
  token: string;
  kind: 'bot' | 'app';
}

export type MethodHandler = (args: SlackArgs, workspace: SlackWorkspace, caller: SlackCaller) => SlackResult;

export function fail(error: string): SlackResult {
  return { ok: false, error };
}

export function stringArg(args: SlackArgs, name: string): string | undefined {
  const value = args[name];
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Slack's user object, trimmed to the fields trailwatch reads. */
export function userObject(user: FakeSlackUser, team: FakeSlackTeam): Record<string, unknown> {
  const realName = user.real_name ?? user.name;
  return {
    id: user.id,
    team_id: team.id,
    name: user.name,
    real_name: realName,
    deleted: user.deleted ?? false,
    is_bot: false,
    is_admin: user.is_admin ?? false,
    tz: user.tz ?? 'Etc/UTC',
    profile: { real_name: realName, display_name: user.name, ...(user.email ? { email: user.email } : {}) },
  };
}
