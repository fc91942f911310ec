/** renderDigest: the folded findings of a storm as one reply that fits Block Kit, however many detectors. */
import { describe, expect, it } from 'vitest';
import { checkMessage } from '../../../src/block-kit/limits.js';
import { renderDigest } from '../../../src/slack/notify/render-digest.js';
import { NASTY } from './sample-finding.js';

describe('renderDigest', () => {
  it('counts the folded findings, most frequent detector first, and points at /trail findings', () => {
    const message = renderDigest(
      new Map([
        ['read-burst', 3],
        ['region-sweep', 40],
        ['iam-user-created', 3],
      ]),
    );
    const text = JSON.stringify(message.blocks);

    expect(message.text).toBe('…and 46 more findings in this incident');
    expect(text.indexOf('region-sweep')).toBeLessThan(text.indexOf('iam-user-created'));
    expect(text.indexOf('iam-user-created')).toBeLessThan(text.indexOf('read-burst'));
    expect(text).toContain('`region-sweep` × 40');
    expect(text).toContain('/trail findings');
    expect(checkMessage(message)).toEqual([]);
  });

  it('says "finding" for one', () => {
    expect(renderDigest(new Map([['read-burst', 1]])).text).toBe('…and 1 more finding in this incident');
  });

  it('lists at most 15 detectors and stays within Block Kit limits with hostile, long detector ids', () => {
    const folded = new Map(Array.from({ length: 200 }, (_, i) => [`${NASTY}${'d'.repeat(500)}${i}`, i + 1]));
    const message = renderDigest(folded);

    expect(checkMessage(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('+185 more detectors');
    expect(JSON.stringify(message.blocks)).not.toContain('<!channel>');
  });
});
