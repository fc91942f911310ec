import { describe, expect, it } from 'vitest';
import { ACTION } from '../../../src/block-kit/action-ids.js';
import { checkMessage } from '../../../src/block-kit/limits.js';
import type { ActionsBlock } from '../../../src/block-kit/types.js';
import type { Ask } from '../../../src/remediation/ask/ask.js';
import {
  renderAskActorCard,
  renderAskAnswered,
  renderAskEscalation,
} from '../../../src/slack/cards/ask-actor.js';
import { mrkdwnText, NASTY } from './sample-finding.js';

function ask(overrides: Partial<Ask> = {}): Ask {
  return {
    id: 'ask-0123456789abcdef01234567',
    incidentId: 'inc-0123456789ab',
    findingId: 'tw-0123456789ab',
    person: 'U0ALICE01',
    via: 'config',
    subject: {
      title: 'Access key created for another user',
      summary: 'alice created an access key for bob from a new network.',
      principalArn: 'arn:aws:iam::111122223333:user/alice',
      accountId: '111122223333',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      eventNames: ['CreateAccessKey'],
      sourceIPs: ['203.0.113.7'],
      regions: ['us-east-1'],
      firstSeen: '2026-11-29T03:00:00Z',
      lastSeen: '2026-11-29T03:12:00Z',
    },
    status: 'pending',
    createdAt: '2026-11-29T03:15:00.000Z',
    dueAt: '2026-11-29T03:30:00.000Z',
    timeoutMinutes: 15,
    ...overrides,
  };
}

const buttons = (message: { blocks: unknown[] }) =>
  (message.blocks as ActionsBlock[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements);

describe('ask-actor card', () => {
  it('asks "Did you do this?" with what happened, when and from where, and Yes / No buttons carrying the ask id', () => {
    const message = renderAskActorCard(ask());
    const text = mrkdwnText(message);

    expect(checkMessage(message)).toEqual([]);
    expect(message.text).toBe('Did you do this? Access key created for another user');
    expect(text).toContain('alice created an access key for bob from a new network.');
    expect(text).toContain('`203.0.113.7`');
    expect(text).toContain('`CreateAccessKey`');
    expect(text).toContain('<!date^');
    expect(buttons(message).map((b) => [b.action_id, 'value' in b ? b.value : undefined])).toEqual([
      [ACTION.askYes, 'ask-0123456789abcdef01234567'],
      [ACTION.askNo, 'ask-0123456789abcdef01234567'],
    ]);
  });

  it('once answered, shows the answer and reason instead of buttons, and tells the thread', () => {
    const answered = ask({
      status: 'answered',
      answer: { by: 'U0ALICE01', answer: 'no', reason: 'not me', at: '2026-11-29T03:20:00.000Z' },
    });
    const card = renderAskActorCard(answered);
    const thread = renderAskAnswered(answered);

    expect(checkMessage(card)).toEqual([]);
    expect(buttons(card)).toEqual([]);
    expect(mrkdwnText(card)).toContain("<@U0ALICE01> 🚨 answered *no, it wasn't me*");
    expect(checkMessage(thread)).toEqual([]);
    expect(mrkdwnText(thread)).toContain(': not me');
    expect(mrkdwnText(thread)).toContain('contain it');
  });

  it('escalates as "no answer from <@U> in N minutes"', () => {
    const message = renderAskEscalation(
      ask({ status: 'escalated', escalatedAt: '2026-11-29T03:30:00.000Z' }),
    );

    expect(checkMessage(message)).toEqual([]);
    expect(mrkdwnText(message)).toContain('No answer from <@U0ALICE01> in 15 minutes');
  });

  it('stays within Block Kit limits and pings nobody with hostile, huge input', () => {
    const long = `${NASTY}${'z'.repeat(3000)}`;
    const hostile = ask({
      person: NASTY,
      subject: {
        title: long,
        summary: long,
        principalArn: long,
        accountId: long,
        accessKeyId: long,
        eventNames: Array.from({ length: 10 }, () => long),
        sourceIPs: Array.from({ length: 10 }, () => long),
        regions: Array.from({ length: 10 }, () => long),
        firstSeen: long,
        lastSeen: long,
      },
    });
    const answered = {
      ...hostile,
      status: 'answered' as const,
      answer: { by: NASTY, answer: 'yes' as const, reason: long, at: long },
    };

    for (const message of [
      renderAskActorCard(hostile),
      renderAskAnswered(answered),
      renderAskEscalation(hostile),
    ]) {
      expect(checkMessage(message)).toEqual([]);
      expect(mrkdwnText(message)).not.toMatch(/<!channel>|<@U999>/);
    }
  });
});
