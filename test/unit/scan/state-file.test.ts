import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readStateFile, StateFileError, writeStateFile } from '../../../src/scan/state-file.js';
import { createMemoryStateStore } from '../../../src/store/memory-state-store.js';

const dir = mkdtempSync(join(tmpdir(), 'trailwatch-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scan --state files', () => {
  it('round-trips a store: what one scan saves, the next one loads', async () => {
    const path = join(dir, 'state.gz');
    const first = createMemoryStateStore<unknown>();
    await first.setMany([
      {
        key: 'p:arn:aws:iam::123456789012:user/alice',
        value: { v: 1, networks: { AS64500: 1 } },
        ttlMs: 60_000,
      },
      { key: 'a:123456789012', value: { v: 1, regions: { 'us-east-1': 1 } } },
    ]);
    await writeStateFile(path, first.snapshot());
    const second = createMemoryStateStore<unknown>({ entries: await readStateFile(path) });
    expect(
      await second.getMany(['p:arn:aws:iam::123456789012:user/alice', 'a:123456789012', 'missing']),
    ).toEqual([{ v: 1, networks: { AS64500: 1 } }, { v: 1, regions: { 'us-east-1': 1 } }, undefined]);
  });

  it('drops entries that expired while the file sat on disk', async () => {
    let now = 1_000;
    const store = createMemoryStateStore<unknown>({ now: () => now });
    await store.setMany([
      { key: 'short', value: 1, ttlMs: 10 },
      { key: 'long', value: 2, ttlMs: 10_000 },
    ]);
    const saved = store.snapshot();
    now = 2_000;
    const later = createMemoryStateStore<unknown>({ now: () => now, entries: saved });
    expect(await later.getMany(['short', 'long'])).toEqual([undefined, 2]);
  });

  it('treats a missing file as a first run', async () => {
    expect(await readStateFile(join(dir, 'none.gz'))).toEqual([]);
  });

  it('refuses a file that is not a state file, naming it', async () => {
    const path = join(dir, 'trail.json.gz');
    writeFileSync(path, gzipSync('{"Records": []}\n'));
    await expect(readStateFile(path)).rejects.toThrow(StateFileError);
    await expect(readStateFile(path)).rejects.toThrow(/trail\.json\.gz: not a trailwatch state file/);
    const plain = join(dir, 'plain.txt');
    writeFileSync(plain, 'hello');
    await expect(readStateFile(plain)).rejects.toThrow(/plain\.txt: not a trailwatch state file/);
  });
});
