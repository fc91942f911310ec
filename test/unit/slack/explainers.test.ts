import { describe, expect, it } from 'vitest';
import { checkMessage } from '../../../src/block-kit/limits.js';
import { CATEGORIES } from '../../../src/detectors/categories.js';
import { TrailwatchError } from '../../../src/errors.js';
import { nextSteps } from '../../../src/slack/cards/next-steps.js';
import { renderErrorReply, renderRefusal } from '../../../src/slack/cards/refusal.js';
import { allText, mrkdwnText, NASTY, SAMPLE_KEY } from './sample-finding.js';

describe('nextSteps', () => {
  it('gives 2–3 steps for every category, naming the key', () => {
    for (const category of CATEGORIES) {
      const steps = nextSteps(category, {
        principalArn: 'arn:aws:iam::1:user/alice',
        accessKeyId: SAMPLE_KEY,
      });
      expect(steps.length, category).toBeGreaterThanOrEqual(2);
      expect(steps.length, category).toBeLessThanOrEqual(3);
    }
    expect(nextSteps('access-key-activity', { principalArn: 'x', accessKeyId: SAMPLE_KEY })[0]).toContain(
      `Check who owns \`${SAMPLE_KEY}\` with GetAccessKeyLastUsed`,
    );
  });
});

describe('renderRefusal', () => {
  it('says what was refused and who may do it', () => {
    const msg = renderRefusal({
      action: 'approve this containment',
      reason: 'you requested it yourself',
      authorised: { userIds: ['U0ONE', 'U0TWO'], userGroupIds: ['S0SEC'] },
    });
    expect(checkMessage(msg)).toEqual([]);
    expect(msg.response_type).toBe('ephemeral');
    const text = allText(msg);
    expect(text).toContain('You are not allowed to approve this containment (you requested it yourself).');
    expect(text).toContain('Who may: <@U0ONE>, <@U0TWO>, <!subteam^S0SEC>.');
  });

  it('caps a long list and escapes ids that are not ids', () => {
    const msg = renderRefusal({
      action: NASTY,
      authorised: {
        userIds: [...Array.from({ length: 30 }, (_, i) => `U0${i}A`), NASTY],
        userGroupIds: [NASTY],
      },
    });
    expect(checkMessage(msg)).toEqual([]);
    expect(mrkdwnText(msg)).not.toContain('<!channel>');
    expect(allText(msg)).toContain('and 22 more');
  });

  it('says when nobody is configured', () => {
    expect(
      allText(renderRefusal({ action: 'contain', authorised: { userIds: [], userGroupIds: [] } })),
    ).toContain('Nobody is configured');
  });
});

describe('renderErrorReply', () => {
  it('shows a TrailwatchError code and first line, never a stack', () => {
    const error = new TrailwatchError(
      'finding_not_found',
      'no finding tw-1 (it may have expired)\nsecond line',
    );
    const msg = renderErrorReply({ error, reference: 'req-42', doing: 'acknowledge the finding' });
    const text = allText(msg);
    expect(checkMessage(msg)).toEqual([]);
    expect(text).toContain('no finding tw-1 (it may have expired) (`trailwatch_finding_not_found`)');
    expect(text).toContain('Reference `req-42`');
    expect(text).not.toContain('second line');
    expect(text).not.toContain('at ');
  });

  it('shows nothing of an unknown error but a reference', () => {
    const msg = renderErrorReply({
      error: new Error('connect ECONNREFUSED 10.0.0.5:6379'),
      reference: 'req-43',
    });
    const text = allText(msg);
    expect(text).not.toContain('ECONNREFUSED');
    expect(text).not.toContain('10.0.0.5');
    expect(text).toContain('Something went wrong');
  });
});
