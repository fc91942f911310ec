import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ReadInputsOptions, type RecordBatch, readInputs } from '../../../src/cloudtrail/read-inputs.js';
import { InputUnreadableError } from '../../../src/errors.js';
import { record } from '../../helpers/records.js';

const ACCOUNT = '123456789012';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trailwatch-read-inputs-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(relative: string, content: string | Buffer): Promise<string> {
  const path = join(dir, relative);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
  return path;
}

async function collect(paths: string[], options?: ReadInputsOptions): Promise<RecordBatch[]> {
  const batches: RecordBatch[] = [];
  for await (const batch of readInputs(paths, options)) batches.push(batch);
  return batches;
}

function eventIds(batch: RecordBatch | undefined): unknown[] {
  return (batch?.records ?? []).map((raw) => (raw as { eventID?: unknown }).eventID);
}

/** The path CloudTrail delivers a file to, under AWSLogs/. */
function deliveredPath(region: string, stamp: string, random = 'a1B2c3D4e5F6g7H8'): string {
  const [, y, m, d] = /^(\d{4})(\d{2})(\d{2})/.exec(stamp) ?? [];
  return `AWSLogs/${ACCOUNT}/CloudTrail/${region}/${y}/${m}/${d}/${ACCOUNT}_CloudTrail_${region}_${stamp}_${random}.json.gz`;
}

function trailFile(records: Record<string, unknown>[]): Buffer {
  return gzipSync(JSON.stringify({ Records: records }));
}

function lookupEvents(records: Record<string, unknown>[]): Record<string, unknown>[] {
  return records.map((raw) => ({
    EventId: raw.eventID,
    EventName: raw.eventName,
    EventTime: 1772445600,
    CloudTrailEvent: JSON.stringify(raw),
  }));
}

const a = record({ eventName: 'GetCallerIdentity', eventSource: 'sts.amazonaws.com' });
const b = record({ eventName: 'ListUsers' });
const c = record({ eventName: 'CreateAccessKey', readOnly: false });
const ids = [a.eventID, b.eventID, c.eventID];

const SHAPES: [string, string][] = [
  ['a CloudTrail trail file {"Records": [...]}', JSON.stringify({ Records: [a, b, c] })],
  ['a bare JSON array of records', JSON.stringify([a, b, c], null, 2)],
  [
    'NDJSON with blank lines and CRLF',
    `${JSON.stringify(a)}\r\n\r\n${JSON.stringify(b)}\n  \n${JSON.stringify(c)}\n`,
  ],
  [
    'aws cloudtrail lookup-events output',
    JSON.stringify({ Events: lookupEvents([a, b, c]), NextToken: 'token-for-the-next-page' }, null, 4),
  ],
  ['lookup-events --query Events (a bare array of Events)', JSON.stringify(lookupEvents([a, b, c]))],
];

describe('readInputs', () => {
  describe('shapes, told apart by content', () => {
    it.each(SHAPES)('when given %s, yields its records in file order', async (_shape, content) => {
      const path = await write('input.txt', content);
      const [batch, ...rest] = await collect([path]);
      expect(rest).toHaveLength(0);
      expect(batch?.source).toBe(path);
      expect(eventIds(batch)).toEqual(ids);
      expect(batch?.unparsable).toEqual([]);
    });

    it.each(SHAPES)(
      'when given %s gzipped under a name without .gz, gunzips it by its magic bytes',
      async (_shape, content) => {
        const path = await write('export', gzipSync(content));
        const [batch] = await collect([path]);
        expect(eventIds(batch)).toEqual(ids);
        expect(batch?.unparsable).toEqual([]);
      },
    );

    it('when given a single record object, yields it as one record', async () => {
      const path = await write('one.json.gz', gzipSync(JSON.stringify(a, null, 2)));
      const [batch] = await collect([path]);
      expect(eventIds(batch)).toEqual([a.eventID]);
    });

    it('when trail files were glued together by zcat, reads the records of each', async () => {
      const glued = `${JSON.stringify({ Records: [a] })}${JSON.stringify({ Records: [b, c] })}`;
      const [batch] = await collect([await write('all.json', glued)]);
      expect(eventIds(batch)).toEqual(ids);
      expect(batch?.unparsable).toEqual([]);
    });

    it('when the file has a UTF-8 BOM or is UTF-16LE from PowerShell, still parses it', async () => {
      const json = JSON.stringify({ Records: [a] });
      const utf8 = await write(
        'bom.json',
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]),
      );
      const utf16 = await write(
        'ps.json',
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]),
      );
      const batches = await collect([utf8, utf16]);
      expect(batches.map(eventIds)).toEqual([[a.eventID], [a.eventID]]);
    });
  });

  describe('records that cannot be parsed', () => {
    it('when NDJSON lines are broken, counts each with its line number and keeps the good lines', async () => {
      const content = [
        JSON.stringify(a),
        '{"eventName": "Trunc',
        JSON.stringify(b),
        'not json',
        JSON.stringify(c),
      ];
      const [batch] = await collect([await write('mixed.ndjson', content.join('\n'))]);
      expect(eventIds(batch)).toEqual(ids);
      expect(batch?.unparsable).toHaveLength(2);
      expect(batch?.unparsable[0]?.reason).toMatch(/^line 2: not JSON/);
      expect(batch?.unparsable[1]?.reason).toMatch(/^line 4: not JSON/);
    });

    it('when a CloudTrailEvent string is not JSON, counts it with its EventId and keeps the others', async () => {
      const events = lookupEvents([a, b, c]);
      events[1] = { ...events[1], CloudTrailEvent: '{"eventVersion":"1.09","userIdent' };
      const [batch] = await collect([await write('lookup.json', JSON.stringify({ Events: events }))]);
      expect(eventIds(batch)).toEqual([a.eventID, c.eventID]);
      expect(batch?.unparsable).toHaveLength(1);
      expect(batch?.unparsable[0]?.reason).toContain(
        `Events[1] (EventId ${b.eventID}): CloudTrailEvent is not JSON`,
      );
    });
  });

  describe('folders', () => {
    it('walks AWSLogs recursively and orders files by the time in their names across regions', async () => {
      const r1 = record({ awsRegion: 'us-east-1' });
      const r2 = record({ awsRegion: 'eu-west-1' });
      const r3 = record({ awsRegion: 'us-east-1' });
      const r4 = record({ awsRegion: 'eu-west-1' });
      // Written out of order, and path order alone (eu-west-1 before us-east-1) would be wrong too.
      const p4 = await write(deliveredPath('eu-west-1', '20260302T1015Z'), trailFile([r4]));
      const p1 = await write(deliveredPath('us-east-1', '20260302T1000Z'), trailFile([r1]));
      const p3 = await write(deliveredPath('us-east-1', '20260302T1010Z'), trailFile([r3]));
      const p2 = await write(deliveredPath('eu-west-1', '20260302T1005Z'), trailFile([r2]));
      const batches = await collect([join(dir, 'AWSLogs')]);
      expect(batches.map((batch) => batch.source)).toEqual([p1, p2, p3, p4]);
      expect(batches.flatMap(eventIds)).toEqual([r1.eventID, r2.eventID, r3.eventID, r4.eventID]);
    });

    it('when files share a time, orders them by path; files without a time in their name come first', async () => {
      const east = await write(deliveredPath('us-east-1', '20260302T1000Z'), trailFile([a]));
      const west = await write(deliveredPath('eu-west-1', '20260302T1000Z'), trailFile([b]));
      const exported = await write('zz-export.json', JSON.stringify([c]));
      const batches = await collect([dir]);
      expect(batches.map((batch) => batch.source)).toEqual([exported, west, east]);
    });

    it('merges the files of several named inputs into one time order, reading a file named twice once', async () => {
      const late = await write(`one/${deliveredPath('us-east-1', '20260302T1100Z')}`, trailFile([b]));
      const early = await write(`two/${deliveredPath('us-east-1', '20260302T0900Z')}`, trailFile([a]));
      const batches = await collect([join(dir, 'one'), join(dir, 'two'), late]);
      expect(batches.map((batch) => batch.source)).toEqual([early, late]);
    });

    it('skips digest and insight files, hidden files and files that are not trail data', async () => {
      const kept = await write(deliveredPath('us-east-1', '20260302T1000Z'), trailFile([a]));
      const digest = { digestStartTime: '2026-03-02T09:00:00Z', logFiles: [] };
      await write(
        `AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/2026/03/02/${ACCOUNT}_CloudTrail-Digest_us-east-1_trail_us-east-1_20260302T100000Z.json.gz`,
        gzipSync(JSON.stringify(digest)),
      );
      await write(
        `stray/${ACCOUNT}_CloudTrail-Digest_us-east-1_trail_us-east-1_20260302T100000Z.json.gz`,
        gzipSync(JSON.stringify(digest)),
      );
      await write(
        `AWSLogs/${ACCOUNT}/CloudTrail-Insight/us-east-1/2026/03/02/x.json.gz`,
        gzipSync('{"Records":[]}'),
      );
      await write(
        `AWSLogs/${ACCOUNT}/vpcflowlogs/us-east-1/2026/03/02/${ACCOUNT}_vpcflowlogs_us-east-1_fl-1_20260302T1000Z_h.log.gz`,
        gzipSync('2 x y'),
      );
      await write(
        `AWSLogs/${ACCOUNT}/Config/us-east-1/2026/3/2/ConfigSnapshot/${ACCOUNT}_Config_us-east-1_ConfigSnapshot_x.json.gz`,
        gzipSync('{}'),
      );
      await write('.DS_Store', Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]));
      await write('AWSLogs/._thing.json', 'garbage');
      await write('.git/config.json', '{}');
      await write('README.txt', 'trail files copied from S3');
      await write('notes.log', 'not json');
      const batches = await collect([dir]);
      expect(batches.map((batch) => batch.source)).toEqual([kept]);
      expect(batches[0]?.unparsable).toEqual([]);
    });

    it('when a file inside a folder is garbage or truncated, counts it naming the file and reads the rest', async () => {
      const good = await write(deliveredPath('us-east-1', '20260302T1000Z'), trailFile([a]));
      const garbage = await write(
        deliveredPath('us-east-1', '20260302T1005Z'),
        Buffer.from([0x00, 0xff, 0x13, 0x37, 0x80]),
      );
      const truncated = await write(
        deliveredPath('us-east-1', '20260302T1010Z'),
        trailFile([b]).subarray(0, 40),
      );
      const after = await write(deliveredPath('us-east-1', '20260302T1015Z'), trailFile([c]));
      const batches = await collect([dir]);
      expect(batches.map((batch) => batch.source)).toEqual([good, garbage, truncated, after]);
      expect(batches.flatMap(eventIds)).toEqual([a.eventID, c.eventID]);
      expect(batches[1]?.records).toEqual([]);
      expect(batches[1]?.unparsable).toEqual([{ reason: `${garbage}: not gzip or JSON: binary data` }]);
      expect(batches[2]?.unparsable).toHaveLength(1);
      expect(batches[2]?.unparsable[0]?.reason).toMatch(
        new RegExp(`^${truncated}: truncated or corrupt gzip`),
      );
    });

    it('when a named folder holds no trail files, says so instead of scanning nothing', async () => {
      await write('README.txt', 'nothing here');
      await expect(collect([dir])).rejects.toMatchObject({
        name: 'InputUnreadableError',
        path: dir,
        message: expect.stringContaining('no trail files'),
      });
    });
  });

  describe('large inputs, read in windows', () => {
    const five = [a, b, c, record(), record()];
    // Streamed in 7-byte pieces: every record, string and escape is cut somewhere.
    const streamed = { wholeFileBytes: 0, chunkBytes: 7, windowRecords: 2 };

    it.each([
      ['a {"Records"} file', JSON.stringify({ Records: five })],
      ['NDJSON', five.map((raw) => JSON.stringify(raw)).join('\n')],
      ['lookup-events output', JSON.stringify({ Events: lookupEvents(five) })],
      ['a gzipped bare array', gzipSync(JSON.stringify(five))],
    ])(
      'when %s holds more records than a window, yields them in windows, in order',
      async (_shape, content) => {
        const path = await write('big-input', content);
        const batches = await collect([path], { limits: streamed });
        expect(batches.map((batch) => [batch.first, batch.offset, batch.records.length])).toEqual([
          [true, 0, 2],
          [false, 2, 2],
          [false, 4, 1],
        ]);
        expect(batches.flatMap(eventIds)).toEqual(five.map((raw) => raw.eventID));
        expect(batches.flatMap((batch) => batch.unparsable)).toEqual([]);
      },
    );

    it.each([
      ['a {"Records"} file', { Records: [a, 7, null, { nested: { eventID: 'not-a-record' } }, b, c] }],
      ['a {"Records"} file with lookup Events too', { Records: [a], Events: lookupEvents([b, c]) }],
    ])(
      'when %s is read whole, yields what the streamed read yields, in the same windows',
      async (_shape, document) => {
        const path = await write('whole.json', JSON.stringify(document));
        const whole = await collect([path], { limits: { windowRecords: 2 } });
        const split = await collect([path], { limits: streamed });
        expect(whole).toEqual(split);
        expect(whole.flatMap((batch) => batch.records).length).toBeGreaterThan(2);
      },
    );

    it('when one record is larger than the limit, counts it as too large and reads the others', async () => {
      const huge = record({ requestParameters: { policy: 'x'.repeat(5_000) } });
      const path = await write('huge.json', JSON.stringify({ Records: [a, huge, b] }));
      const [batch] = await collect([path], {
        limits: { ...streamed, windowRecords: 10, maxRecordChars: 4_000 },
      });
      expect(eventIds(batch)).toEqual([a.eventID, b.eventID]);
      expect(batch?.unparsable).toEqual([{ reason: 'Records[1]: larger than 4000 characters, skipped' }]);
    });
  });

  describe('gzip bombs', () => {
    // A {"Records"} file padded with 4 MiB of spaces gzips about 1,000 to 1.
    const bomb = gzipSync(`{"Records":[${' '.repeat(4 * 1024 * 1024)}${JSON.stringify(b)}]}`);
    const bounded = { wholeTextBytes: 64 * 1024, gunzipRatioAfterBytes: 1024 * 1024, maxGunzipRatio: 100 };

    it('when a named file gunzips past the bound, refuses it naming the file, without a word of corrupt gzip', async () => {
      const path = await write('bomb.json.gz', bomb);
      const error = await collect([path], { limits: bounded }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'InputUnreadableError', path });
      expect((error as Error).message).toMatch(
        new RegExp(`^${path}: gunzips to more than 100 times its size .*likely gzip bomb`),
      );
      expect((error as Error).message).not.toContain('corrupt');
    });

    it('when a folder holds a bomb, counts it naming the file and goes on with the next file', async () => {
      const before = await write(deliveredPath('us-east-1', '20260302T1000Z'), trailFile([a]));
      const bombPath = await write(deliveredPath('us-east-1', '20260302T1005Z'), bomb);
      const after = await write(deliveredPath('us-east-1', '20260302T1010Z'), trailFile([c]));
      const batches = await collect([dir], { limits: bounded });
      expect(batches.map((batch) => batch.source)).toEqual([before, bombPath, after]);
      expect(batches.flatMap(eventIds)).toEqual([a.eventID, c.eventID]);
      expect(batches[1]?.unparsable).toHaveLength(1);
      expect(batches[1]?.unparsable[0]?.reason).toMatch(
        new RegExp(`^${bombPath}: gunzips to more than 100 times`),
      );
    });

    it('when a gzip holds only zeros, says it is not JSON after gunzip, not that the gzip is corrupt', async () => {
      const path = await write('zeros.gz', gzipSync(Buffer.alloc(8 * 1024 * 1024)));
      await expect(collect([path], { limits: bounded })).rejects.toMatchObject({
        message: `${path}: gunzipped, but not JSON: binary data`,
      });
    });
  });

  describe('FIFOs', () => {
    const mkfifo = (path: string) => expect(spawnSync('mkfifo', [path]).status).toBe(0);

    it('when a FIFO is named, reads what is written to it until the writer closes it', async () => {
      const fifo = join(dir, 'pipe.json');
      mkfifo(fifo);
      const [batches] = await Promise.all([
        collect([fifo]),
        writeFile(fifo, `${JSON.stringify(a)}\n${JSON.stringify(b)}\n`),
      ]);
      expect(batches.map(eventIds)).toEqual([[a.eventID, b.eventID]]);
    });

    it('when a folder holds a FIFO, or a link to one, skips it rather than wait for a writer', async () => {
      const kept = await write('trail.json', JSON.stringify([a]));
      mkfifo(join(dir, 'waiting.json'));
      await symlink(join(dir, 'waiting.json'), join(dir, 'linked.json'));
      const batches = await collect([dir]);
      expect(batches.map((batch) => batch.source)).toEqual([kept]);
    });
  });

  describe('stdin', () => {
    it('when given -, reads stdin in chunks', async () => {
      const text = `${JSON.stringify(a)}\n${JSON.stringify(b)}\n`;
      const stdin = Readable.from([text.slice(0, 50), text.slice(50)]);
      const [batch] = await collect(['-'], { stdin });
      expect(batch?.source).toBe('-');
      expect(eventIds(batch)).toEqual([a.eventID, b.eventID]);
    });

    it('when stdin is gzipped lookup-events output, gunzips and unwraps it, before any file', async () => {
      const file = await write(deliveredPath('us-east-1', '20260302T1000Z'), trailFile([c]));
      const gz = gzipSync(JSON.stringify({ Events: lookupEvents([a, b]) }));
      const stdin = Readable.from([gz.subarray(0, 10), gz.subarray(10)]);
      const batches = await collect([file, '-'], { stdin });
      expect(batches.map((batch) => batch.source)).toEqual(['-', file]);
      expect(batches.flatMap(eventIds)).toEqual(ids);
    });

    it('when stdin is empty, throws naming -', async () => {
      await expect(collect(['-'], { stdin: Readable.from([]) })).rejects.toMatchObject({
        path: '-',
        message: '-: empty (0 bytes)',
      });
    });
  });

  describe('inputs named on the command line that cannot be read', () => {
    it('when the path does not exist, throws InputUnreadableError naming the file before reading anything', async () => {
      const good = await write('good.json', JSON.stringify([a]));
      const missing = join(dir, 'nope.json.gz');
      const error = await collect([good, missing]).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InputUnreadableError);
      expect(error).toMatchObject({ path: missing, code: 'trailwatch_input_unreadable' });
      expect((error as Error).message).toBe(`${missing}: no such file or folder`);
    });

    it.each([
      ['binary garbage', Buffer.from([0x00, 0x01, 0xfe, 0x42]), 'not gzip or JSON: binary data'],
      [
        'text that is not JSON',
        Buffer.from('eventName,eventTime\nListUsers,2026'),
        'not gzip or JSON: starts with "eventName,eventTime"',
      ],
      ['a zip archive', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), 'zip archive'],
      [
        'a JSON object of another kind',
        Buffer.from('{"configurationItems": []}'),
        'JSON object has neither Records nor Events',
      ],
      ['a digest file', gzipSync('{"digestStartTime":"2026-03-02T09:00:00Z","logFiles":[]}'), 'digest file'],
      ['truncated JSON', Buffer.from('{"Records": [{"eventName": "ListUsers"'), 'not valid JSON'],
      ['truncated gzip', trailFile([a, b]).subarray(0, 30), 'truncated or corrupt gzip'],
      ['an empty file', Buffer.alloc(0), 'empty (0 bytes)'],
      ['a gzip of nothing', gzipSync(''), 'empty after gunzip'],
      [
        'Records that is not an array',
        Buffer.from('{"Records": {"eventName": "x"}}'),
        'Records is not an array',
      ],
    ])('when the file is %s, throws with a reason a person understands', async (_kind, content, reason) => {
      const path = await write('named.json.gz', content);
      await expect(collect([path])).rejects.toMatchObject({
        name: 'InputUnreadableError',
        path,
        message: expect.stringContaining(reason),
      });
    });

    it.skipIf(process.getuid?.() === 0)(
      'when the file is not readable, throws permission denied',
      async () => {
        const path = await write('secret.json', JSON.stringify([a]));
        await chmod(path, 0o000);
        await expect(collect([path])).rejects.toMatchObject({ message: `${path}: permission denied` });
      },
    );
  });
});
