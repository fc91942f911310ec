/** A CommandContext for unit tests: a real memory findings store, in-test key directory and lookup ports. */

import type { CommandContext, StatusReport } from '../../../commands/command.js';
import type { TrailEvent } from '../../../src/cloudtrail/event.js';
import { normaliseRecord } from '../../../src/cloudtrail/normalise.js';
import type {
  OnDemandLookup,
  OnDemandQuery,
  OnDemandResult,
} from '../../../src/cloudtrail/on-demand-lookup.js';
import { DETECTORS } from '../../../src/detectors/registry.js';
import { createMemoryFindingsStore } from '../../../src/findings/memory-findings-store.js';
import type { AccessKeyDirectory, AccessKeyInfo } from '../../../src/remediation/access-key-directory.js';

export const NOW = Date.parse('2026-03-02T12:00:00.000Z');
export const ACCOUNT = '123456789012';
export const OTHER_ACCOUNT = '210987654321';
export const USER = 'U0TESTUSER';

/** Answers each lookup from a list of results, recording the queries; throws `fail` when set. */
export function scriptedLookup(results: OnDemandResult[] = [], fail?: Error) {
  const queries: OnDemandQuery[] = [];
  const lookup: OnDemandLookup = {
    async lookup(query) {
      queries.push(query);
      if (fail) throw fail;
      return results.shift() ?? { events: [], malformed: 0 };
    },
  };
  return { lookup, queries };
}

/** The port's contract in a Map: each account's keys; an account id narrows the search. */
export function keyDirectory(known: AccessKeyInfo[] = [], fail?: Error): AccessKeyDirectory {
  return {
    async describe(accessKeyId, accountId) {
      if (fail) throw fail;
      return known.find((k) => k.accessKeyId === accessKeyId && (!accountId || k.accountId === accountId));
    },
  };
}

export function events(records: Record<string, unknown>[]): TrailEvent[] {
  return records.map((r) => {
    const result = normaliseRecord(r);
    if (!result.ok) throw new Error(result.reason);
    return result.event;
  });
}

export const EMPTY_STATUS: StatusReport = { pollers: [], queues: {}, recentErrors: [] };

export function contextFor(overrides: Partial<CommandContext> = {}): CommandContext {
  return {
    userId: USER,
    now: () => NOW,
    findings: createMemoryFindingsStore({ now: () => NOW }),
    lookup: scriptedLookup().lookup,
    keys: keyDirectory(),
    accounts: [
      { id: ACCOUNT, name: 'prod' },
      { id: OTHER_ACCOUNT, name: 'staging' },
    ],
    defaultRegions: ['us-east-1'],
    status: async () => EMPTY_STATUS,
    detectorIds: new Set(DETECTORS.map((d) => d.meta.id)),
    ...overrides,
  };
}

/** Every text in a reply's blocks, joined: what the person would read. */
export function textOf(reply: { text: string; blocks?: unknown[] }): string {
  return JSON.stringify(reply.blocks ?? reply.text);
}
