import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFsError, isTrailFileName, listInputFiles } from '../../../src/cloudtrail/input-files.js';

describe('isTrailFileName', () => {
  it.each([
    '123456789012_CloudTrail_us-east-1_20260302T1005Z_a1B2c3D4e5F6g7H8.json.gz',
    'export.json',
    'events.jsonl',
    'events.ndjson.gz',
    'EXPORT.JSON',
    'firehose-delivery-1-2026-03-02-10-00-00-1234abcd.gz',
  ])('when a folder holds %s, reads it', (name) => {
    expect(isTrailFileName(name)).toBe(true);
  });

  it.each([
    '123456789012_CloudTrail-Digest_us-east-1_trail_us-east-1_20260302T100000Z.json.gz',
    '123456789012_CloudTrail-Insight_us-east-1_20260302T1005Z_a1B2c3D4.json.gz',
    '123456789012_Config_us-east-1_ConfigSnapshot_20260302T100000Z_x.json.gz',
    '123456789012_vpcflowlogs_us-east-1_fl-0abc_20260302T1005Z_hash.log.gz',
    '.DS_Store',
    '._export.json',
    'README.txt',
    'app.log',
    'backup.tar.gz',
    'manifest',
  ])('when a folder holds %s, skips it', (name) => {
    expect(isTrailFileName(name)).toBe(false);
  });
});

describe('describeFsError', () => {
  it.each([
    ['ENOENT', 'no such file or folder'],
    ['EACCES', 'permission denied'],
    ['EPERM', 'permission denied'],
    ['EISDIR', 'is a folder'],
  ])('when the error code is %s, says "%s"', (code, words) => {
    expect(describeFsError(Object.assign(new Error('raw'), { code }))).toBe(words);
  });

  it('when the code is unknown, keeps the system message', () => {
    expect(describeFsError(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }))).toBe(
      'EIO: i/o error',
    );
  });
});

describe('listInputFiles', () => {
  it('follows a symbolic link to a file but not one to a folder, so a loop cannot trap the walk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trailwatch-input-files-'));
    try {
      await mkdir(join(dir, 'logs'));
      await writeFile(join(dir, 'real.json'), '[]');
      await symlink(join(dir, 'real.json'), join(dir, 'logs', 'linked.json'));
      await symlink(dir, join(dir, 'logs', 'loop'));
      const files = await listInputFiles([join(dir, 'logs')]);
      expect(files.map((file) => [file.path, file.named])).toEqual([
        [join(dir, 'logs', 'linked.json'), false],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
