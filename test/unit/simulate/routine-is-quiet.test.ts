import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScan } from '../../../src/scan/run-scan.js';
import { simulateIncident, simulateRecords } from '../../../src/simulate/simulate.js';
import { writeTrailFolder } from '../../../src/simulate/write-trail-folder.js';

// Eight days from a Monday: a working week, a weekend, and the incident on the second Monday, while
// people are at work. Every registered detector runs over it, as `trailwatch scan` would.
const OPTIONS = { seed: 11, days: 8 };
let dir = '';

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the simulated routine weeks', () => {
  it('when scanned with every detector, raise nothing at high or critical outside the incident', async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailwatch-routine-'));
    const written = await writeTrailFolder(simulateRecords(OPTIONS), { out: dir, gzip: false });
    const { findings, stats } = await runScan({ inputs: [dir] });
    expect(stats.events).toBe(written.records);
    expect(stats.malformed).toBe(0);
    expect(stats.outOfOrder).toBe(0);

    const incident = new Set(simulateIncident(OPTIONS).flatMap((stage) => stage.eventIds));
    const loud = findings.filter((finding) => finding.severity === 'high' || finding.severity === 'critical');
    const routineLoud = loud.filter((finding) => !finding.eventIds.some((id) => incident.has(id)));
    expect(routineLoud.map((finding) => `${finding.detector}: ${finding.summary}`)).toEqual([]);
    // The incident itself is loud, so the scan did run the detectors.
    expect(loud.length).toBeGreaterThan(5);
  });
});
