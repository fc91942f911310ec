/** Who may do what: the defaults fail closed, the config's rules replace them, groups and channels count. */
import { describe, expect, it } from 'vitest';
import { SlackConfigSchema } from '../../../src/config/slack-config.js';
import { createAccessControl } from '../../../src/slack/access/access-control.js';
import type { GroupMembers } from '../../../src/slack/access/group-members.js';

const groups = (members: Record<string, string[]>): GroupMembers => ({
  async members(group) {
    const found = members[group];
    if (!found) throw new Error(`no_such_subteam ${group}`);
    return new Set(found);
  },
});

function control(access: unknown, members: Record<string, string[]> = {}) {
  const config = SlackConfigSchema.parse({ access });
  return createAccessControl({ access: config.access, groups: groups(members) });
}

describe('access control', () => {
  it('with nothing configured, lets anyone read help and nobody do anything else, and says why', async () => {
    const access = control({});
    expect(await access.check({ kind: 'command', name: 'help' }, { userId: 'U0ANYONE' })).toEqual({
      ok: true,
    });
    for (const name of ['who-did', 'key', 'findings', 'status', 'mute', 'deactivate-key', 'audit']) {
      const answer = await access.check({ kind: 'command', name }, { userId: 'U0ANYONE' });
      expect(answer, name).toMatchObject({ ok: false, reason: 'nobody is configured for it yet' });
    }
    expect((await access.check({ kind: 'approve' }, { userId: 'U0ANYONE' })).ok).toBe(false);
    expect((await access.check({ kind: 'button', actionId: 'finding_ack' }, { userId: 'U0ANYONE' })).ok).toBe(
      false,
    );
  });

  it('lets responders act and approvers approve, by user id or by user group', async () => {
    const access = control(
      { responders: { groups: ['S0SECOPS'] }, approvers: { users: ['U0LEAD'] } },
      { S0SECOPS: ['U0ALICE'] },
    );
    expect((await access.check({ kind: 'command', name: 'who-did' }, { userId: 'U0ALICE' })).ok).toBe(true);
    expect(
      (await access.check({ kind: 'button', actionId: 'finding_contain' }, { userId: 'U0ALICE' })).ok,
    ).toBe(true);
    expect(
      await access.check({ kind: 'button', actionId: 'remediation_approve' }, { userId: 'U0ALICE' }),
    ).toMatchObject({
      ok: false,
      reason: 'you are not on the list',
    });
    expect(
      (await access.check({ kind: 'button', actionId: 'remediation_approve' }, { userId: 'U0LEAD' })).ok,
    ).toBe(true);
    expect((await access.check({ kind: 'command', name: 'who-did' }, { userId: 'U0LEAD' })).ok).toBe(false);
  });

  it('keeps buttons that only show what the channel already shows open; Deny and the ask answers go to their policies', async () => {
    const access = control({});
    for (const actionId of [
      'finding_show_events',
      'incident_show_findings',
      'remediation_deny',
      'ask_yes',
      'ask_no',
    ]) {
      expect((await access.check({ kind: 'button', actionId }, { userId: 'U0ANYONE' })).ok, actionId).toBe(
        true,
      );
    }
  });

  it('lets a per-command or per-button rule replace the default, and a channel list limit where', async () => {
    const access = control({
      responders: { users: ['U0ALICE'] },
      commands: { status: { anyone: true, channels: ['C0OPS'] } },
      buttons: { finding_show_events: { users: ['U0ALICE'] } },
    });
    expect(
      (await access.check({ kind: 'command', name: 'status' }, { userId: 'U0BOB', channelId: 'C0OPS' })).ok,
    ).toBe(true);
    expect(
      await access.check({ kind: 'command', name: 'status' }, { userId: 'U0BOB', channelId: 'C0ELSE' }),
    ).toMatchObject({
      ok: false,
      reason: 'not in this channel',
    });
    expect(
      (await access.check({ kind: 'button', actionId: 'finding_show_events' }, { userId: 'U0BOB' })).ok,
    ).toBe(false);
  });

  it('when Slack cannot list a group, throws rather than letting anyone through', async () => {
    const access = control({ responders: { groups: ['S0GONE'] } });
    await expect(access.check({ kind: 'command', name: 'mute' }, { userId: 'U0ALICE' })).rejects.toThrow(
      /no_such_subteam/,
    );
  });
});
