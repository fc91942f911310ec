/**
 * Loads Panther's CloudTrail rule tests (from panther-labs/panther-analysis, Apache-2.0; a copy of the
 * peer suite's records lives in test/fixtures/panther), cleans each record the way the peer scorer does,
 * and judges trailwatch's findings on it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normaliseRecord } from '../../src/cloudtrail/normalise.js';
import type { Detector } from '../../src/detectors/detector.js';
import { createDetectionEngine } from '../../src/detectors/engine.js';
import type { Finding } from '../../src/findings/finding.js';
import { severityRank } from '../../src/findings/severity.js';

/** The fixture copy of the peer suite's records; PANTHER_CASES overrides the path. */
export const PANTHER_CASES_PATH =
  process.env.PANTHER_CASES ?? fileURLToPath(new URL('../fixtures/panther/cases.jsonl', import.meta.url));

/** Always true with the fixture copy; kept so a PANTHER_CASES path that is missing skips, not fails. */
export const pantherCasesAvailable = existsSync(PANTHER_CASES_PATH);

export interface PantherCase {
  rule: string;
  name: string;
  /** Did Panther's rule fire on this one record. */
  expected: boolean;
  /** Panther alerts only after this many matches. */
  threshold: number;
  /** The trailwatch categories that correspond to the rule. */
  categories: string[];
  log: Record<string, unknown>;
}

let cache: PantherCase[] | undefined;

function allCases(): PantherCase[] {
  cache ??= readFileSync(PANTHER_CASES_PATH, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as PantherCase);
  return cache;
}

/** The cases of the given Panther rules, in file order. */
export function pantherCases(...rules: string[]): PantherCase[] {
  const wanted = new Set(rules);
  return allCases().filter((each) => wanted.has(each.rule));
}

/** The one case of `rule` named `name`; throws when the suite has no such case. */
export function pantherCase(rule: string, name: string): PantherCase {
  const found = pantherCases(rule).find((each) => each.name === name);
  if (!found) throw new Error(`no Panther case ${rule} / ${name}`);
  return found;
}

/** Panther writes eventTime "YYYY-MM-DD HH:MM:SS[.fff]" and adds p_* fields; CloudTrail does neither. */
export function pantherRecord(each: PantherCase): Record<string, unknown> {
  const log: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(each.log)) if (!key.startsWith('p_')) log[key] = value;
  const time = log.eventTime;
  if (typeof time === 'string') {
    const match = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(\.\d+)?Z?$/.exec(time);
    if (match) log.eventTime = `${match[1]}T${match[2]}Z`;
  }
  return log;
}

export interface PantherVerdict {
  findings: Finding[];
  /** Why the record could not be read, when normalise refused it. */
  malformed?: string;
  /** A finding in one of the case's categories cites the record above info (the scorer's "caught"). */
  caught: boolean;
  /** A finding in one of the case's categories cites the record at high or critical. */
  alarm: boolean;
  /** The highest severity among those findings, or undefined when none cites the record. */
  severity?: Finding['severity'];
}

/** Runs detectors over the case's record alone, as the peer scorer does, and judges the result. */
export function judgePanther(detectors: Detector | readonly Detector[], each: PantherCase): PantherVerdict {
  const raw = pantherRecord(each);
  const normalised = normaliseRecord(raw);
  if (!normalised.ok) return { findings: [], malformed: normalised.reason, caught: false, alarm: false };
  const engine = createDetectionEngine({
    detectors: Array.isArray(detectors) ? detectors : [detectors as Detector],
  });
  const findings = [...engine.process(normalised.event), ...engine.finish()];
  const eventId = normalised.event.eventId;
  const mine = findings.filter(
    (finding) => each.categories.includes(finding.category) && finding.eventIds.includes(String(eventId)),
  );
  const severity = mine
    .map((finding) => finding.severity)
    .sort((a, b) => severityRank(b) - severityRank(a))[0];
  return {
    findings,
    caught: mine.some((finding) => finding.severity !== 'info'),
    alarm: mine.some((finding) => finding.severity === 'high' || finding.severity === 'critical'),
    ...(severity ? { severity } : {}),
  };
}

export interface PantherRow {
  rule: string;
  name: string;
  expected: boolean;
  threshold: number;
  /** Highest severity of a finding in the case's categories that cites the record. */
  severity: Finding['severity'] | undefined;
  caught: boolean;
  alarm: boolean;
}

/** One row per case of the given rules, judged against `detectors`: easy to compare with a table. */
export function pantherVerdicts(detectors: Detector | readonly Detector[], ...rules: string[]): PantherRow[] {
  return pantherCases(...rules).map((each) => {
    const verdict = judgePanther(detectors, each);
    return {
      rule: each.rule,
      name: each.name,
      expected: each.expected,
      threshold: each.threshold,
      severity: verdict.severity,
      caught: verdict.caught,
      alarm: verdict.alarm,
    };
  });
}

/** The scorer's misses: positives (threshold 1) not caught, and negatives raised at high or critical. */
export function pantherDisagreements(rows: PantherRow[]): string[] {
  return rows
    .filter((row) => (row.expected && row.threshold <= 1 ? !row.caught : !row.expected && row.alarm))
    .map((row) => `${row.rule} / ${row.name}`);
}
