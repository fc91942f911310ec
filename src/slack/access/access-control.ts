/** Who may run which `/trail` command and press which button: the config's rules, checked server-side. */

import { ACTION } from '../../block-kit/action-ids.js';
import type { AccessRule, SlackConfig } from '../../config/slack-config.js';
import type { GroupMembers } from './group-members.js';

/** Something a person asks trailwatch to do. */
export type Deed =
  | { kind: 'command'; name: string }
  | { kind: 'button'; actionId: string }
  | { kind: 'approve' };

export interface Asker {
  userId: string;
  /** Where it was asked; App Home and DMs have their own channel ids. */
  channelId?: string;
}

export type AccessAnswer = { ok: true } | { ok: false; reason: string; rule: AccessRule };

export interface AccessControl {
  check(deed: Deed, asker: Asker): Promise<AccessAnswer>;
  /** The rule that applies, for saying who may. */
  ruleFor(deed: Deed): AccessRule;
}

const ANYONE: AccessRule = { anyone: true, users: [], groups: [], channels: [] };

// CloudTrail's story (who did what, from where) is for responders: every command but help needs them
// unless trailwatch.yml opens it. Buttons that only show again what the clicker's channel already shows
// are open.
const OPEN_COMMANDS = new Set(['help']);
const OPEN_BUTTONS = new Set<string>([ACTION.findingShowEvents, ACTION.incidentShowFindings]);
// Deny: the requester may withdraw, an approver may refuse; the approval policy decides which. Only the
// asked person may answer "did you do this?": the ask service checks that.
const POLICY_BUTTONS = new Set<string>([ACTION.remediationDeny, ACTION.askYes, ACTION.askNo]);

export interface AccessControlOptions {
  access: SlackConfig['access'];
  groups: GroupMembers;
}

export function createAccessControl(options: AccessControlOptions): AccessControl {
  const { access, groups } = options;

  function ruleFor(deed: Deed): AccessRule {
    if (deed.kind === 'approve') return access.approvers;
    if (deed.kind === 'command') {
      return access.commands[deed.name] ?? (OPEN_COMMANDS.has(deed.name) ? ANYONE : access.responders);
    }
    if (deed.actionId === ACTION.remediationApprove) return access.buttons[deed.actionId] ?? access.approvers;
    const open = OPEN_BUTTONS.has(deed.actionId) || POLICY_BUTTONS.has(deed.actionId);
    return access.buttons[deed.actionId] ?? (open ? ANYONE : access.responders);
  }

  async function isMember(rule: AccessRule, userId: string): Promise<boolean> {
    if (rule.anyone || rule.users.includes(userId)) return true;
    for (const group of rule.groups) {
      if ((await groups.members(group)).has(userId)) return true;
    }
    return false;
  }

  return {
    ruleFor,
    async check(deed, asker) {
      const rule = ruleFor(deed);
      if (rule.channels.length > 0 && !(asker.channelId && rule.channels.includes(asker.channelId))) {
        return { ok: false, reason: 'not in this channel', rule };
      }
      if (await isMember(rule, asker.userId)) return { ok: true };
      const nobody = !rule.anyone && rule.users.length === 0 && rule.groups.length === 0;
      return {
        ok: false,
        reason: nobody ? 'nobody is configured for it yet' : 'you are not on the list',
        rule,
      };
    },
  };
}
