import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { normaliseRecord } from '../../../src/cloudtrail/normalise.js';
import { simulateIncident, simulateRecords } from '../../../src/simulate/simulate.js';

const SHORT = { seed: 1, days: 3 };

function take(options: Parameters<typeof simulateRecords>[0], count = Number.POSITIVE_INFINITY) {
  const out: Record<string, unknown>[] = [];
  for (const record of simulateRecords(options)) {
    if (out.length >= count) break;
    out.push(record);
  }
  return out;
}

function digest(records: Record<string, unknown>[]): string {
  const hash = createHash('sha256');
  for (const record of records) hash.update(JSON.stringify(record));
  return hash.digest('hex');
}

// Built once: three days (the incident on the third) is about 1,600 records.
const sample = take(SHORT);

describe('simulateRecords', () => {
  it('when run twice with the same seed, produces byte-identical records', () => {
    expect(digest(take(SHORT, 1500))).toBe(digest(sample.slice(0, 1500)));
  });

  it('when the seed changes, produces different records', () => {
    expect(digest(take({ ...SHORT, seed: 2 }, 1500))).not.toBe(digest(sample.slice(0, 1500)));
  });

  it('yields records in eventTime order, with second-precision UTC times', () => {
    const times = sample.map((record) => record.eventTime as string);
    for (const time of times) expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(times).toEqual([...times].sort());
    expect(times[0]?.startsWith('2026-10-05')).toBe(true);
  });

  it('gives every record a unique eventID', () => {
    const ids = new Set(sample.map((record) => record.eventID));
    expect(ids.size).toBe(sample.length);
  });

  it('makes every record one the normaliser accepts', () => {
    const reasons = sample.map(normaliseRecord).flatMap((result) => (result.ok ? [] : [result.reason]));
    expect(reasons).toEqual([]);
  });

  it('uses only redacted accounts and documentation IP ranges', () => {
    const text = JSON.stringify(sample);
    const accounts = new Set<string>();
    for (const match of text.matchAll(
      /arn:aws:[a-z0-9-]*:[a-z0-9-]*:(\d{12}):|"(?:accountId|recipientAccountId|userId|ownerId)":"(\d+)"/g,
    )) {
      accounts.add((match[1] ?? match[2]) as string);
    }
    expect([...accounts].sort()).toEqual(['123456789012', '210987654321', '444455556666']);
    for (const record of sample) {
      const ip = record.sourceIPAddress as string;
      if (/^[\d.]+$/.test(ip)) expect(ip).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$/);
      else if (ip.includes(':')) expect(ip.startsWith('2001:db8:')).toBe(true);
      else expect(ip).toMatch(/amazonaws\.com$|^AWS Internal$/);
    }
  });

  it('before the incident, never calls from the attacker range or with a Kali user agent', () => {
    const incidentIds = new Set(simulateIncident(SHORT).flatMap((stage) => stage.eventIds));
    const routine = sample.filter((record) => !incidentIds.has(record.eventID as string));
    expect(routine.length).toBeGreaterThan(1000);
    for (const record of routine) {
      expect(record.sourceIPAddress).not.toMatch(/^203\.0\.113\./);
      expect(String(record.userAgent)).not.toMatch(/kali/i);
      expect(record.awsRegion).toMatch(/^(us-east-1|eu-west-1)$/);
    }
  });

  it('in routine days, has people, CI over OIDC and AWS services acting for the account', () => {
    const types = new Set(sample.map((record) => (record.userIdentity as { type: string }).type));
    expect([...types]).toEqual(
      expect.arrayContaining(['IAMUser', 'AssumedRole', 'AWSService', 'WebIdentityUser']),
    );
    const logins = sample.filter((record) => record.eventName === 'ConsoleLogin');
    expect(logins.length).toBeGreaterThan(3);
    const routineLogins = logins.filter(
      (record) => (record.userIdentity as { type: string }).type === 'IAMUser',
    );
    for (const login of routineLogins) {
      expect((login.additionalEventData as { MFAUsed: string }).MFAUsed).toBe('Yes');
      const hour = new Date(login.eventTime as string).getUTCHours();
      expect(hour).toBeGreaterThanOrEqual(8);
      expect(hour).toBeLessThan(19);
    }
    expect(sample.some((record) => record.eventName === 'AssumeRoleWithWebIdentity')).toBe(true);
  });

  it('writes S3 object calls as data events with resources, and failures with errorCode and errorMessage', () => {
    const data = sample.filter((record) => record.eventCategory === 'Data');
    expect(data.length).toBeGreaterThan(0);
    for (const record of data) {
      expect(record.eventSource).toBe('s3.amazonaws.com');
      expect(record.managementEvent).toBe(false);
      expect(record.resources).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'AWS::S3::Bucket' })]),
      );
    }
    const failed = sample.filter((record) => record.errorCode !== undefined);
    expect(failed.length).toBeGreaterThan(0);
    for (const record of failed) expect(typeof record.errorMessage).toBe('string');
  });

  it('when asked for more events, scales the routine volume to roughly that many records', () => {
    const base = take({ seed: 3, days: 7 }).length;
    const scaled = take({ seed: 3, days: 7, events: 20_000 }).length;
    expect(base).toBeGreaterThan(2_000);
    expect(base).toBeLessThan(6_000);
    expect(scaled).toBeGreaterThan(17_000);
    expect(scaled).toBeLessThan(23_000);
  });

  it('refuses options it cannot honour', () => {
    expect(() => take({ seed: 1, days: 0 })).toThrow(/days/);
    expect(() => take({ seed: 1.5, days: 2 })).toThrow(/seed/);
    expect(() => take({ seed: 1, days: 2, start: new Date('nope') })).toThrow(/start/);
  });
});
