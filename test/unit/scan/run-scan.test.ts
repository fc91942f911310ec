import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../../src/scan/run-scan.js';

// More records than V8 takes as arguments of one call (about 120,000): issue 13, row 3.
const MANY = 130_000;
const START = Date.parse('2026-03-02T10:00:00Z');
let dir: string;

/** Tiny valid records, all within the reorder buffer's hour, so none is released before the end. */
function tinyRecords(count: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const eventTime = new Date(START + (i % 3_000_000)).toISOString();
    lines.push(
      `{"eventTime":"${eventTime}","eventName":"ListBuckets","eventSource":"s3.amazonaws.com","eventID":"e${i}"}`,
    );
  }
  return lines;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trailwatch-run-scan-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runScan', () => {
  it(`when one {"Records"} file holds ${MANY.toLocaleString('en-US')} records, scans every one`, async () => {
    const path = join(dir, 'many.json');
    await writeFile(path, `{"Records":[${tinyRecords(MANY).join(',')}]}`);
    const { stats } = await runScan({ inputs: [path], detectors: [] });
    expect(stats).toMatchObject({ events: MANY, malformed: 0, files: 1 });
  });

  it(`when stdin carries ${MANY.toLocaleString('en-US')} NDJSON records, scans every one`, async () => {
    const stdin = Readable.from([`${tinyRecords(MANY).join('\n')}\n`]);
    const { stats } = await runScan({ inputs: ['-'], stdin, detectors: [] });
    expect(stats).toMatchObject({ events: MANY, malformed: 0, files: 1 });
  });

  it('when a file is read in several windows, names a malformed record by its index in the file', async () => {
    const lines = tinyRecords(12);
    lines[9] = '{"eventName":"NoTime","eventSource":"s3.amazonaws.com"}';
    const path = join(dir, 'windows.ndjson');
    await writeFile(path, lines.join('\n'));
    const { stats } = await runScan({ inputs: [path], detectors: [], limits: { windowRecords: 4 } });
    expect(stats).toMatchObject({ events: 12, malformed: 1, files: 1 });
    expect(stats.malformedSamples).toEqual([
      { where: `${path}#9`, reason: 'eventTime is missing or not a string' },
    ]);
  });
});
