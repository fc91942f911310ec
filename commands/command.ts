/** The shape of every `/trail` subcommand (metadata for help and usage, a pure parse, a run) and the ports its run may use. */

import type { OnDemandLookup } from '../src/cloudtrail/on-demand-lookup.js';
import type { FindingsStore } from '../src/findings/findings-store.js';
import type { AccessKeyDirectory } from '../src/remediation/access-key-directory.js';
import type { ContinuationStore } from './continuation-store.js';

/** What the Slack app posts back (ephemerally): `text` is the notification fallback, `blocks` Block Kit. */
export interface CommandReply {
  text: string;
  blocks?: unknown[];
}

export type ParseResult<R> = { ok: true; request: R } | { ok: false; problem: string };

export interface Command<R> {
  /** The subcommand word, e.g. `who-did`. */
  name: string;
  /** The arguments after the name, e.g. `<access key id>`. */
  usage: string;
  /** A whole working example, e.g. `/trail key AKIAIOSFODNN7EXAMPLE`. */
  example: string;
  /** One line for help. */
  summary: string;
  /** Pure: no ports, no clock. `args` are the tokens after the subcommand name. */
  parse(args: readonly string[]): ParseResult<R>;
  // Method syntax on purpose: a Command<WhoDidRequest> can then stand in a Command<unknown> list.
  run(request: R, ctx: CommandContext): Promise<CommandReply>;
}

export interface AccountRef {
  id: string;
  /** The configured name (or alias); `--account` accepts it as well as the id. */
  name?: string;
}

export interface PollerStatus {
  accountId: string;
  region: string;
  /** ISO time of the last successful poll. */
  lastSuccess?: string;
  /** Seconds between now and the newest time whose events are queued. */
  lagSeconds?: number;
  lastError?: { at: string; what: string };
}

/** Jobs of one queue by state (BullMQ's getJobCounts); src/service/queue-depths.ts reads them. */
export type QueueCounts = Record<'waiting' | 'active' | 'delayed' | 'failed', number>;

export interface StatusReport {
  pollers: PollerStatus[];
  /** Job counts per queue name. */
  queues: Record<string, Partial<QueueCounts>>;
  /** Newest first is nicest; the command sorts anyway. `at` is ISO time. */
  recentErrors: { at: string; what: string }[];
  /** What the answering process is waiting out (Redis, Slack, AWS), since when (ISO) and why. */
  outages?: { dependency: string; since: string; reason: string }[];
  /** Notifications whose attempts ran out during an outage, waiting to be posted. */
  pendingNotifications?: number;
}

export interface CommandContext {
  /** The Slack user who typed the command (or clicked the button). */
  userId: string;
  /** Epoch milliseconds. */
  now: () => number;
  findings: FindingsStore;
  lookup: OnDemandLookup;
  keys: AccessKeyDirectory;
  /** Configured accounts; the first is the default for `--account`. */
  accounts: readonly AccountRef[];
  /** The first is the default region of a lookup (us-east-1 holds IAM, STS-global and sign-in events). */
  defaultRegions: readonly string[];
  status: () => Promise<StatusReport>;
  /** Known detector ids, to check `mute <detector>`. */
  detectorIds: ReadonlySet<string>;
  /** Where a "more" button's state goes when it is too long for the button's value; optional. */
  continuations?: ContinuationStore;
  /** Containment and audit, bound to the asker; absent when remediation is not set up. */
  remediation?: RemediationCommands;
}

export interface RemediationCommands {
  /** Opens a deactivation request for the key (owner and account through GetAccessKeyLastUsed). */
  deactivateKey(accessKeyId: string, reason?: string): Promise<CommandReply>;
  /** Offers the containment options of a finding. */
  contain(findingId: string): Promise<CommandReply>;
  /** The newest `count` audit entries. */
  audit(count: number): Promise<CommandReply>;
}

export const REMEDIATION_OFF: CommandReply = {
  text: 'Remediation is not set up here: Slack must be configured and an account needs a responderRoleArn (see docs/containment.md).',
};
