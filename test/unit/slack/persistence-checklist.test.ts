import { describe, expect, it } from 'vitest';
import { checkMessage } from '../../../src/block-kit/limits.js';
import type {
  ChecklistItem,
  PersistenceChecklist,
} from '../../../src/remediation/watch/persistence-sweep.js';
import {
  MAX_ITEMS_SHOWN,
  renderPersistenceChecklist,
} from '../../../src/slack/cards/persistence-checklist.js';
import { mrkdwnText, NASTY } from './sample-finding.js';

const item: ChecklistItem = {
  eventId: '11111111-2222-3333-4444-555555555555',
  eventName: 'CreateAccessKey',
  eventTime: '2026-11-29T03:04:00Z',
  region: 'us-east-1',
  sourceIp: '203.0.113.7',
  what: 'new access key AKIANEWKEY0000000001 for user svc-backup',
  todo: 'Deactivate access key AKIANEWKEY0000000001 of svc-backup (UpdateAccessKey Status=Inactive), then delete it',
  subjects: ['AKIANEWKEY0000000001', 'svc-backup'],
};

function checklist(overrides: Partial<PersistenceChecklist> = {}): PersistenceChecklist {
  return {
    accountId: '111122223333',
    principal: {
      arn: 'arn:aws:iam::111122223333:user/alice',
      userName: 'alice',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    },
    regions: ['us-east-1'],
    window: { start: '2026-11-29T02:00:00.000Z', end: '2026-11-29T03:30:00.000Z' },
    items: [item],
    eventsRead: 57,
    truncated: false,
    ...overrides,
  };
}

describe('persistence checklist card', () => {
  it('lists each persistence call as an unchecked item with what was made, what to do and its event id', () => {
    const message = renderPersistenceChecklist(checklist());
    const text = mrkdwnText(message);

    expect(checkMessage(message)).toEqual([]);
    expect(text).toContain('☐ *CreateAccessKey*');
    expect(text).toContain('new access key `AKIANEWKEY0000000001` for user `svc-backup`');
    expect(text).toContain(
      '→ Deactivate access key `AKIANEWKEY0000000001` of `svc-backup` (UpdateAccessKey Status=Inactive), then delete it',
    );
    expect(text).toContain('event `11111111-2222-3333-4444-555555555555`');
    expect(message.text).toBe('Persistence sweep: 1 to check (CreateAccessKey)');
  });

  it('says nothing was found, and warns when the sweep was cut short', () => {
    const message = renderPersistenceChecklist(checklist({ items: [], truncated: true }));

    expect(checkMessage(message)).toEqual([]);
    expect(message.text).toBe('Persistence sweep: nothing found');
    expect(mrkdwnText(message)).toContain('More calls than were read');
  });

  it('caps the items shown and stays within Block Kit limits with hostile input', () => {
    const long = `${NASTY}${'y'.repeat(3000)}`;
    const hostile: ChecklistItem = {
      ...item,
      eventName: long,
      region: long,
      sourceIp: long,
      eventId: long,
      what: `made ${long}`,
      todo: `undo ${long}`,
      subjects: [long, NASTY],
    };
    const message = renderPersistenceChecklist(
      checklist({
        items: Array.from({ length: 60 }, () => hostile),
        principal: { userName: long, accessKeyId: long },
        regions: [long],
      }),
    );

    expect(checkMessage(message)).toEqual([]);
    expect(mrkdwnText(message)).not.toMatch(/<!channel>|<@U999>/);
    expect(mrkdwnText(message)).toMatch(/… and \d+ more persistence calls/);
    expect(message.blocks.length).toBeLessThanOrEqual(MAX_ITEMS_SHOWN + 4);
  });
});
