import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileChunks } from '../../../src/intel/file-chunks.js';
import { CsvRowError, readCountryCsv } from '../../../src/intel/ip-data-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'trailwatch-chunks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

// Each piece is only valid until the next is read, so decode it at once.
const texts = (path: string, size: number) => {
  const out: string[] = [];
  for (const chunk of fileChunks(path, size)()) out.push(Buffer.from(chunk).toString('utf8'));
  return out;
};

describe('fileChunks', () => {
  it('cuts only at line breaks, growing past a line longer than the buffer, and keeps a last unfinished line', () => {
    const path = file('lines.csv', 'a,b\nccccccccccccc\nd\ne');
    const chunks = texts(path, 4);
    expect(chunks.join('')).toBe('a,b\nccccccccccccc\nd\ne');
    expect(chunks.slice(0, -1).every((chunk) => chunk.endsWith('\n'))).toBe(true);
    expect(chunks.at(-1)).toBe('e');
  });

  it('reads the file again on each call', () => {
    const chunks = fileChunks(file('again.csv', '1,2,US\n'), 8);
    expect([...chunks()].length).toBe(1);
    expect([...chunks()].length).toBe(1);
  });

  it('when a table is read in small pieces, finds every row and counts lines across pieces', () => {
    const rows = Array.from({ length: 50 }, (_, i) => `${i * 10},${i * 10 + 9},${i % 2 ? 'US' : 'DE'}`);
    const table = readCountryCsv(
      fileChunks(file('country.csv', `${rows.join('\n')}\n`), 16),
      'country.csv',
      4,
    );
    expect(table.size).toBe(50);
    expect(table.find([495])).toBe((85 << 8) | 83); // "US"
    const broken = fileChunks(file('broken.csv', `${rows.slice(0, 40).join('\n')}\n1,x,US\n`), 16);
    expect(() => readCountryCsv(broken, 'broken.csv', 4)).toThrow(
      new CsvRowError('broken.csv', 41, 'bad IPv4 number'),
    );
  });
});
