import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { simulateRecords } from '../../../src/simulate/simulate.js';
import { writeTrailFolder } from '../../../src/simulate/write-trail-folder.js';

const PATH_LAYOUT =
  /^AWSLogs\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d\d)\/(\d\d)\/\1_CloudTrail_\2_(\d{4})(\d\d)(\d\d)T\d{4}Z_[A-Za-z0-9]{16}\.json(\.gz)?$/;

let dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  dirs = [];
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'trailwatch-simulate-'));
  dirs.push(dir);
  return dir;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

async function readRecords(dir: string, file: string): Promise<Record<string, unknown>[]> {
  const bytes = await readFile(join(dir, file));
  const text = file.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  return (JSON.parse(text) as { Records: Record<string, unknown>[] }).Records;
}

describe('writeTrailFolder', () => {
  it('writes gzipped files in CloudTrail S3 layout, per region, none over the per-file limit', async () => {
    const out = await tempDir();
    const records = [...simulateRecords({ seed: 4, days: 2 })];
    const result = await writeTrailFolder(records, { out, gzip: true, maxPerFile: 40 });
    const files = await listFiles(out);
    expect(result).toEqual({ files: files.length, records: records.length });
    let total = 0;
    const seen = new Set<string>();
    for (const file of files) {
      const match = PATH_LAYOUT.exec(file);
      expect(match, file).not.toBeNull();
      expect(match?.[9]).toBe('.gz');
      // The folder's date is the file's delivery date.
      expect(match?.slice(3, 6)).toEqual(match?.slice(6, 9));
      const inFile = await readRecords(out, file);
      expect(inFile.length).toBeGreaterThan(0);
      expect(inFile.length).toBeLessThanOrEqual(40);
      for (const record of inFile) {
        expect(record.awsRegion).toBe(match?.[2]);
        seen.add(record.eventID as string);
      }
      total += inFile.length;
    }
    expect(total).toBe(records.length);
    expect(seen.size).toBe(records.length);
  });

  it('without gzip, writes plain .json files a stamp-ordered read can put back in time order', async () => {
    const out = await tempDir();
    const records = [...simulateRecords({ seed: 4, days: 2 })];
    await writeTrailFolder(records, { out, gzip: false });
    const files = await listFiles(out);
    expect(files.every((file) => file.endsWith('.json'))).toBe(true);
    // Each file's stamp is after its newest event, and at most an hour after its oldest.
    for (const file of files) {
      const stamp = /_(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)Z_/.exec(file)?.slice(1).map(Number) as number[];
      const delivered = Date.UTC(stamp[0] as number, (stamp[1] as number) - 1, stamp[2], stamp[3], stamp[4]);
      const times = (await readRecords(out, file)).map((record) => Date.parse(record.eventTime as string));
      expect(Math.max(...times)).toBeLessThan(delivered);
      expect(delivered - Math.min(...times)).toBeLessThanOrEqual(3_600_000);
    }
  });

  it('with the default limit, splits a burst of 6,000 records in one window into 5,000 and 1,000', async () => {
    const out = await tempDir();
    const burst = Array.from({ length: 6000 }, (_, i) => ({
      eventTime: '2026-10-05T10:00:00Z',
      eventID: `burst-${i}`,
      eventName: 'GetObject',
      eventSource: 's3.amazonaws.com',
      awsRegion: 'eu-west-1',
      recipientAccountId: '123456789012',
    }));
    const result = await writeTrailFolder(burst, { out, gzip: true });
    const files = await listFiles(out);
    const counts = await Promise.all(files.map(async (file) => (await readRecords(out, file)).length));
    expect(result).toEqual({ files: 2, records: 6000 });
    expect(counts.sort()).toEqual([1000, 5000]);
    expect(files[0]).toMatch(/_CloudTrail_eu-west-1_20261005T1005Z_/);
  });

  it('when written twice, gives the same file names', async () => {
    const [a, b] = [await tempDir(), await tempDir()];
    await writeTrailFolder(simulateRecords({ seed: 8, days: 2 }), { out: a, gzip: true });
    await writeTrailFolder(simulateRecords({ seed: 8, days: 2 }), { out: b, gzip: true });
    expect(await listFiles(a)).toEqual(await listFiles(b));
  });
});
