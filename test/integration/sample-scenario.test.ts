/**
 * The product's offline promise, end to end: scanning the bundled sample shows every stage of the
 * stolen-key incident with the right category and its eventIds, and nothing loud from routine weeks.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DETECTORS } from '../../src/detectors/registry.js';
import type { Finding } from '../../src/findings/finding.js';
import { runScan, type ScanResult } from '../../src/scan/run-scan.js';
import { simulateIncident, simulateRecords } from '../../src/simulate/simulate.js';
import { writeTrailFolder } from '../../src/simulate/write-trail-folder.js';
import { createMemoryStateStore } from '../../src/store/memory-state-store.js';

const SAMPLE = join(import.meta.dirname, '../../examples/sample-trail');
const OPTIONS = { seed: 1, days: 21 };
const stages = simulateIncident(OPTIONS);
const incidentIds = new Set(stages.flatMap((stage) => stage.eventIds));
const behavioural = new Set(DETECTORS.filter((d) => d.meta.behavioural).map((d) => d.meta.id));
const cites = (finding: Finding, ids: Set<string> | string[]) =>
  finding.eventIds.some((id) => (Array.isArray(ids) ? ids.includes(id) : ids.has(id)));
const label = (finding: Finding) => `${finding.severity} ${finding.detector}: ${finding.summary}`;
let result: ScanResult;

beforeAll(async () => {
  result = await runScan({ inputs: [SAMPLE] });
}, 120_000);

describe('scanning the bundled sample', () => {
  it('reads every record of the simulation that made it, none malformed', () => {
    let count = 0;
    for (const _ of simulateRecords(OPTIONS)) count += 1;
    expect(result.stats).toMatchObject({ events: count, malformed: 0, outOfOrder: 0 });
  });

  it.each(stages.map((stage) => [stage.stage, stage] as const))(
    'flags the %s stage with one of its categories, citing its eventIds',
    (_name, stage) => {
      const hits = result.findings.filter(
        (finding) =>
          stage.categories.includes(finding.category) &&
          finding.severity !== 'info' &&
          cites(finding, stage.eventIds),
      );
      expect(hits.map(label)).not.toEqual([]);
      const covered = new Set(hits.map((finding) => finding.category));
      // Every category the stage stands for is reported, not just one of them.
      expect([...covered].sort()).toEqual([...stage.categories].sort());
    },
  );

  it('raises nothing at high or critical from the routine weeks', () => {
    const routine = result.findings.filter((finding) => !cites(finding, incidentIds));
    expect(routine.filter((f) => f.severity === 'high' || f.severity === 'critical').map(label)).toEqual([]);
  });

  it('raises no behavioural finding at medium or above from the routine weeks', () => {
    const routine = result.findings.filter(
      (finding) => !cites(finding, incidentIds) && behavioural.has(finding.detector),
    );
    expect(routine.filter((f) => f.severity !== 'info' && f.severity !== 'low').map(label)).toEqual([]);
  });

  it('catches the stolen key by behaviour too: surge, new source and enumeration', () => {
    const seen = new Set(
      result.findings.filter((f) => cites(f, incidentIds) && f.severity !== 'info').map((f) => f.category),
    );
    for (const category of [
      'api-surge',
      'unusual-source',
      'service-enumeration',
      's3-access',
      'role-assumption',
    ]) {
      expect(seen).toContain(category);
    }
  });
});

describe('scanning in two parts with the state carried over', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('flags the incident day by behaviour only when the routine weeks were learned first', async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailwatch-parts-'));
    const incidentDay = Date.parse('2026-10-25T00:00:00Z');
    const records = [...simulateRecords(OPTIONS)];
    const before = records.filter((r) => Date.parse(String(r.eventTime)) < incidentDay);
    const after = records.filter((r) => Date.parse(String(r.eventTime)) >= incidentDay);
    await writeTrailFolder(before, { out: join(dir, 'weeks'), gzip: true });
    await writeTrailFolder(after, { out: join(dir, 'day'), gzip: true });

    const behaviouralMedium = (findings: Finding[]) =>
      findings.filter((f) => behavioural.has(f.detector) && f.severity !== 'info' && f.severity !== 'low');
    const alone = await runScan({ inputs: [join(dir, 'day')] });
    expect(behaviouralMedium(alone.findings).map(label)).toEqual([]);

    const store = createMemoryStateStore<unknown>();
    await runScan({ inputs: [join(dir, 'weeks')], store });
    const continued = await runScan({ inputs: [join(dir, 'day')], store });
    const detectors = new Set(behaviouralMedium(continued.findings).map((f) => f.detector));
    expect(detectors).toContain('new-network-for-principal');
    expect(detectors).toContain('api-surge');
  }, 120_000);
});
