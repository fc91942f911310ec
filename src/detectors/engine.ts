/** Runs every detector over events in time order, with their history, and hands signals to the grouper. */
import type { DetectionContext } from '../behaviour/context.js';
import { isAssumeRole, learnAccount, learnActor, learnRole } from '../behaviour/learn.js';
import { createProfileCache, type EventProfileKeys, profileKeys } from '../behaviour/profile-cache.js';
import type { ActorProfile } from '../behaviour/profiles.js';
import type { TrailEvent } from '../cloudtrail/event.js';
import { isServiceActing } from '../cloudtrail/fields.js';
import { createKeyLineage } from '../cloudtrail/key-lineage.js';
import { DEFAULT_TUNING, type Tuning } from '../config/tuning.js';
import { identityKeyOf, type SavedBurst } from '../findings/burst.js';
import type { Finding } from '../findings/finding.js';
import { createGrouper } from '../findings/grouper.js';
import { lowerSeverity, type Severity } from '../findings/severity.js';
import { createIpIntel, type IpIntel } from '../intel/ip-intel.js';
import { createMemoryStateStore } from '../store/memory-state-store.js';
import type { StateEntry, StateStore } from '../store/state-store.js';
import { createAllowlist } from './allowlist.js';
import { type Detector, type DetectorMeta, type ResolvedMeta, resolveMeta } from './detector.js';

/** What one batch found, and the state it leaves, for a caller that commits the writes itself. */
export interface BatchOutcome {
  /**
   * Closed bursts, then a snapshot of every open burst that grew: the same finding (fingerprint) comes
   * back larger from later batches while its burst goes on.
   */
  findings: Finding[];
  /** Profiles and open bursts to write; nothing was written yet. */
  writes: StateEntry<unknown>[];
}

export interface DetectionEngine {
  /** Loads the batch's history in one read, runs every detector in order, saves history in one write. */
  processBatch(events: readonly TrailEvent[]): Promise<Finding[]>;
  /**
   * The service's step: like processBatch, but open bursts are loaded and saved with the profiles rather
   * than kept in memory, so a burst and its thresholds go on across batches and across workers. Writes
   * nothing: the caller commits `writes` (with a record of the batch, so a retry does not learn twice).
   */
  detectBatch(events: readonly TrailEvent[]): Promise<BatchOutcome>;
  /** One event against the history already loaded (tests and single events); saves nothing. */
  process(event: TrailEvent): Finding[];
  /** End of input: closes every burst and returns the remaining findings. */
  finish(): Finding[];
}

export interface DetectionEngineOptions {
  detectors: readonly Detector[];
  /** Where profiles live between batches; in memory by default. */
  store?: StateStore<unknown>;
  intel?: IpIntel;
  tuning?: Tuning;
  /** Every this many events, bursts idle past their gap are closed so memory stays flat. Default 10,000. */
  sweepEvery?: number;
}

/** The context rules of the Finding contract: AWS acting for the account, and failures, rank lower. */
export function contextualSeverity(
  meta: Pick<DetectorMeta, 'failedCalls'>,
  event: TrailEvent,
  severity: Severity,
): Severity {
  let result = severity;
  if (isServiceActing(event)) result = lowerSeverity(result, 2);
  if (event.failed && meta.failedCalls !== 'keep') result = lowerSeverity(result, 1);
  return result;
}

interface Prepared {
  detector: Detector;
  meta: ResolvedMeta;
}

function indexByEventName(detectors: readonly Detector[], tuning: Tuning) {
  const byName = new Map<string, Prepared[]>();
  const everyEvent: Prepared[] = [];
  for (const each of detectors) {
    const detector = { detector: each, meta: resolveMeta(each.meta, tuning) };
    if (detector.meta.events === '*') {
      everyEvent.push(detector);
      continue;
    }
    for (const name of detector.meta.events) {
      const list = byName.get(name) ?? [];
      list.push(detector);
      byName.set(name, list);
    }
  }
  return { byName, everyEvent };
}

/** Open bursts are saved per principal and key, beside the profiles. */
export const BURST_KEY_PREFIX = 'b:';
/** Bursts close within hours (their gap or window); a saved one untouched for a day is forgotten. */
export const BURST_TTL_MS = 24 * 3_600_000;
const BURSTS_VERSION = 1;

interface SavedBursts {
  v: number;
  bursts: SavedBurst[];
}

const burstStateKey = (event: TrailEvent) => BURST_KEY_PREFIX + identityKeyOf(event.identity);

function isLearning(profile: ActorProfile | undefined, tuning: Tuning): boolean {
  return !profile || profile.days < tuning.learning.days || profile.events < tuning.learning.events;
}

export function createDetectionEngine(options: DetectionEngineOptions): DetectionEngine {
  const tuning = options.tuning ?? DEFAULT_TUNING;
  const { byName, everyEvent } = indexByEventName(options.detectors, tuning);
  const metaById = new Map(
    [...everyEvent, ...[...byName.values()].flat()].map(({ meta }) => [meta.id, meta] as const),
  );
  const store = options.store ?? createMemoryStateStore();
  const intel = options.intel ?? createIpIntel();
  const allowlist = createAllowlist(tuning.allow);
  const profiles = createProfileCache(store);
  const lineage = createKeyLineage(store);
  const grouper = createGrouper();
  const sweepEvery = options.sweepEvery ?? 10_000;
  let seen = 0;

  function contextFor(event: TrailEvent, keys: EventProfileKeys): DetectionContext {
    const principal = profiles.peek<ActorProfile>(keys.principal);
    const key = profiles.peek<ActorProfile>(keys.key);
    const source = intel.lookup(event.sourceIp);
    return {
      tuning,
      source,
      principal,
      key,
      role: profiles.peek(keys.role),
      account: profiles.peek(keys.account),
      learning: isLearning(principal, tuning) && isLearning(key, tuning),
      allowedSource: allowlist.allowsSource(event.sourceIp, source.network),
    };
  }

  function run(
    { detector, meta }: Prepared,
    event: TrailEvent,
    context: DetectionContext,
    sourceKey: string | undefined,
  ): void {
    const signal = detector.match(event, context);
    if (!signal || allowlist.ignores(meta.id, event.identity.arn)) return;
    let severity = contextualSeverity(meta, event, signal.severity ?? meta.severity);
    if (meta.behavioural && context.learning) severity = 'info';
    grouper.add(meta, event, signal, severity, sourceKey);
  }

  function learn(event: TrailEvent, keys: EventProfileKeys, context: DetectionContext): void {
    learnActor(profiles.actor(keys.principal, event.time), event, context.source);
    if (keys.key) learnActor(profiles.actor(keys.key, event.time), event, context.source, 'key');
    learnAccount(profiles.account(keys.account, event.time), event, isServiceActing(event));
    if (keys.role && isAssumeRole(event))
      learnRole(profiles.role(keys.role, event.time), event, context.source);
  }

  /** Judges one event and learns from it; findings of bursts it closed go to `out`. */
  function judge(event: TrailEvent, keys: EventProfileKeys, out: Finding[]): void {
    const context = contextFor(event, keys);
    const sourceKey = lineage.sourceOf(event);
    const named = byName.get(event.eventName);
    if (named) for (const detector of named) run(detector, event, context, sourceKey);
    for (const detector of everyEvent) run(detector, event, context, sourceKey);
    learn(event, keys, context);
    lineage.learn(event);
    seen += 1;
    if (seen % sweepEvery === 0) for (const finding of grouper.closeIdle(event.time)) out.push(finding);
  }

  /** Every event of a batch in order, with its profile keys; no array or closure per event. */
  function judgeAll(events: readonly TrailEvent[], keys: readonly EventProfileKeys[]): Finding[] {
    const findings: Finding[] = [];
    for (let index = 0; index < events.length; index += 1)
      judge(events[index] as TrailEvent, keys[index] as EventProfileKeys, findings);
    return findings;
  }

  function process(event: TrailEvent, keys = profileKeys(event)): Finding[] {
    const findings: Finding[] = [];
    judge(event, keys, findings);
    return findings;
  }

  return {
    async processBatch(events) {
      const keys = events.map((event) => profileKeys(event));
      await Promise.all([profiles.load(keys), lineage.load(events)]);
      const findings = judgeAll(events, keys);
      await profiles.persist();
      const links = lineage.drain();
      if (links.length > 0) await store.setMany(links);
      return findings;
    },
    async detectBatch(events) {
      const keys = events.map((event) => profileKeys(event));
      const burstKeys = [...new Set(events.map(burstStateKey))];
      const [, saved] = await Promise.all([
        profiles.load(keys),
        store.getMany(burstKeys),
        lineage.load(events),
      ]);
      for (const value of saved) {
        const bursts = value as SavedBursts | undefined;
        if (bursts?.v === BURSTS_VERSION) grouper.restore(bursts.bursts, (id) => metaById.get(id));
      }
      const findings = judgeAll(events, keys);
      findings.push(...grouper.snapshot());
      const open = grouper.save();
      // Bursts that closed in this batch leave their key empty: delete it (a ttl of 0 deletes).
      const burstWrites = burstKeys.map((key) => {
        const bursts = open.get(key.slice(BURST_KEY_PREFIX.length));
        const value: SavedBursts = { v: BURSTS_VERSION, bursts: bursts ?? [] };
        return { key, value, ttlMs: bursts ? BURST_TTL_MS : 0 };
      });
      return { findings, writes: [...profiles.drain(), ...lineage.drain(), ...burstWrites] };
    },
    process,
    finish: () => grouper.closeAll(),
  };
}
