import { describe, expect, it } from 'vitest';
import { ssmSecureParametersReadInBulk } from '../../../src/detectors/ssm-secure-parameters-read-in-bulk.js';
import { judgePanther, pantherCases, pantherCasesAvailable } from '../../helpers/panther-cases.js';
import { detect, minutesAfter, record } from '../../helpers/records.js';

const BASE = '2026-03-02T10:00:00Z';
const get = (eventName: string, requestParameters: Record<string, unknown>, minute = 0) =>
  record({
    eventSource: 'ssm.amazonaws.com',
    eventName,
    eventTime: minutesAfter(BASE, minute),
    requestParameters,
  });

describe('ssm-secure-parameters-read-in-bulk', () => {
  it('when one key decrypts eleven distinct parameters within ten minutes, raises one medium finding citing them', () => {
    const events = Array.from({ length: 11 }, (_, i) =>
      get('GetParameter', { name: `/prod/credentials/db-${i}`, withDecryption: true }, i),
    );
    const [finding, ...rest] = detect(ssmSecureParametersReadInBulk, events);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('data-exfiltration');
    expect(finding?.eventIds).toEqual(events.map((e) => e.eventID));
    expect(finding?.summary).toContain('starting with /prod/credentials/db-0');
  });

  it('when a sweep decrypts parameters in batches of ten with GetParameters, counts every name and raises', () => {
    // The shape Stratus Red Team's ssm-retrieve-securestring-parameters leaves: ten names a call.
    const batches = [0, 1, 2].map((batch) =>
      get(
        'GetParameters',
        {
          names: Array.from(
            { length: 10 },
            (_, i) => `/credentials/stratus-red-team/credentials-${batch * 10 + i}`,
          ),
          withDecryption: true,
        },
        batch,
      ),
    );
    const [finding, ...rest] = detect(ssmSecureParametersReadInBulk, batches);
    expect(rest).toHaveLength(0);
    expect(finding?.eventIds).toEqual(batches.map((e) => e.eventID));
    expect(finding?.summary).toContain('credentials-0 and 9 more');
  });

  it('when an application decrypts its ten settings in one GetParameters call, stays quiet', () => {
    const startUp = get('GetParameters', {
      names: Array.from({ length: 10 }, (_, i) => `/app/setting-${i}`),
      withDecryption: true,
    });
    expect(detect(ssmSecureParametersReadInBulk, [startUp])).toEqual([]);
  });

  it('when the reads mix GetParameters name lists and GetParametersByPath paths, counts each name and path', () => {
    const events = [
      ...Array.from({ length: 5 }, (_, i) =>
        get('GetParameters', { names: [`/a/${i}`, `/b/${i}`], withDecryption: true }, i),
      ),
      get('GetParametersByPath', { path: '/', recursive: true, withDecryption: true }, 8),
      get('GetParametersByPath', { path: '/prod', withDecryption: 'true' }, 9),
    ];
    const [finding] = detect(ssmSecureParametersReadInBulk, events);
    expect(finding?.eventCount).toBe(7);
    expect(detect(ssmSecureParametersReadInBulk, events.slice(0, 5))).toEqual([]);
  });

  it('when the values are read without decryption, or one parameter is read again and again, stays quiet', () => {
    const plain = Array.from({ length: 12 }, (_, i) =>
      get('GetParameter', { name: `/cfg/${i}`, withDecryption: false }, i),
    );
    const same = Array.from({ length: 12 }, (_, i) =>
      get('GetParameter', { name: '/prod/credentials/db', withDecryption: true }, 30 + i),
    );
    expect(detect(ssmSecureParametersReadInBulk, [...plain, ...same])).toEqual([]);
  });
});

// Panther's test (from panther-labs/panther-analysis, Apache-2.0): DescribeParameters is not a read.
describe.skipIf(!pantherCasesAvailable)('Panther AWS.SSM.DecryptSSMParams', () => {
  it.each(pantherCases('AWS.SSM.DecryptSSMParams'))('on "$name", raises nothing', (each) => {
    const verdict = judgePanther(ssmSecureParametersReadInBulk, each);
    expect(verdict.malformed).toBeUndefined();
    expect(verdict.findings).toEqual([]);
  });
});
