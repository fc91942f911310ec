/** Test builders: a realistic stored finding and incident, and the adversarial inputs the cards must survive. */

import { CATEGORIES } from '../../../src/detectors/categories.js';
import type { Incident, StoredFinding } from '../../../src/findings/findings-store.js';
import type { IpInfo } from '../../../src/intel/ip-intel.js';
import type { AccessKeyInfo } from '../../../src/remediation/access-key-directory.js';

export const SAMPLE_KEY = 'AKIAIOSFODNN7EXAMPLE';

export function sampleFinding(overrides: Partial<StoredFinding> = {}): StoredFinding {
  return {
    id: 'tw-0123456789ab',
    detector: 'access-key-created',
    category: 'access-key-activity',
    severity: 'high',
    title: 'Access key created for another user',
    summary: 'alice created an access key for bob from a new network.',
    principal: {
      arn: 'arn:aws:iam::111122223333:user/alice',
      type: 'IAMUser',
      accountId: '111122223333',
      userName: 'alice',
    },
    accessKeyId: SAMPLE_KEY,
    sourceIPs: ['203.0.113.7'],
    regions: ['us-east-1'],
    userAgents: ['aws-cli/2.15.0 Python/3.11.6 Linux/6.1'],
    eventNames: ['CreateAccessKey'],
    eventIds: ['11111111-2222-3333-4444-555555555555'],
    eventCount: 3,
    firstSeen: '2026-11-29T03:00:00Z',
    lastSeen: '2026-11-29T03:12:00Z',
    attack: ['T1098.001'],
    fingerprint: 'f'.repeat(64),
    status: 'open',
    incidentId: 'inc-0123456789ab',
    storedAt: '2026-11-29T03:13:00Z',
    updatedAt: '2026-11-29T03:13:00Z',
    ...overrides,
  };
}

export const SAMPLE_KEY_INFO: AccessKeyInfo = {
  accessKeyId: SAMPLE_KEY,
  accountId: '111122223333',
  userName: 'bob',
  status: 'Active',
  lastUsed: { at: '2026-11-29T03:11:00Z', service: 'iam', region: 'us-east-1' },
};

export const SAMPLE_IP_INFO: ReadonlyMap<string, IpInfo> = new Map([
  [
    '203.0.113.7',
    {
      kind: 'public',
      asn: 64500,
      asOrg: 'EXAMPLE-NET',
      country: 'Netherlands',
      network: 'AS64500',
      isAws: false,
    },
  ],
]);

export const NASTY = '<!channel> *bold* & <@U999> `tick`';

/** Everything long and hostile at once: 2,000-char ARNs and agents, 500 event ids, 200 IPs. */
export function adversarialFinding(overrides: Partial<StoredFinding> = {}): StoredFinding {
  const long = `${NASTY}${'x'.repeat(2000)}`;
  return sampleFinding({
    title: `${NASTY} ${'T'.repeat(300)}`,
    summary: `${NASTY} ${'s'.repeat(3000)}`,
    detector: long,
    principal: {
      arn: `arn:aws:sts::111122223333:assumed-role/${long}/${long}`,
      type: 'AssumedRole',
      accountId: '111122223333',
      userName: long,
    },
    accessKeyId: `ASIA${'Z'.repeat(2000)}`,
    sourceIPs: Array.from({ length: 200 }, (_, i) => `198.51.100.${i % 256}`),
    regions: Array.from({ length: 40 }, (_, i) => `${NASTY}-region-${i}`),
    userAgents: Array.from({ length: 20 }, () => long),
    eventIds: Array.from({ length: 500 }, (_, i) => `event-${i}-${NASTY}`),
    eventCount: 123_456,
    attack: Array.from({ length: 30 }, () => NASTY),
    ...overrides,
  });
}

export function sampleIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-0123456789ab',
    key: `access-key:${SAMPLE_KEY}`,
    principal: {
      arn: 'arn:aws:iam::111122223333:user/alice',
      type: 'IAMUser',
      accountId: '111122223333',
      userName: 'alice',
    },
    accessKeyId: SAMPLE_KEY,
    accountId: '111122223333',
    status: 'open',
    openedAt: '2026-11-29T03:13:00Z',
    firstSeen: '2026-11-29T03:00:00Z',
    lastSeen: '2026-11-29T04:30:00Z',
    findingIds: ['tw-0123456789ab'],
    count: 7,
    unresolved: 5,
    severity: 'critical',
    categories: ['access-key-activity', 'unusual-source'],
    ...overrides,
  };
}

/** 20 categories (the real 14 and 6 hostile strings): the incident card must cap them, not trust them. */
export function manyCategories(): Incident['categories'] {
  return [...CATEGORIES, ...Array.from({ length: 6 }, () => NASTY)] as Incident['categories'];
}

/**
 * The text Slack parses as mrkdwn (the fallback `text` and every mrkdwn object), where `<!channel>` would
 * ping; plain_text (headers, buttons) is shown literally and not parsed.
 */
export function mrkdwnText(message: { text?: string; blocks: unknown[] }): string {
  const out: string[] = [message.text ?? ''];
  JSON.stringify(message.blocks, (_key, value: unknown) => {
    const v = value as { type?: unknown; text?: unknown };
    if (v && typeof v === 'object' && v.type === 'mrkdwn' && typeof v.text === 'string') out.push(v.text);
    return value;
  });
  return out.join('\n');
}

/** All the text a message carries (fallback + blocks), for "contains" assertions. */
export function allText(message: { text?: string; blocks: unknown[] }): string {
  return `${message.text ?? ''}\n${JSON.stringify(message.blocks)}`;
}
