import { beforeAll, describe, expect, it } from 'vitest';
import { accessDeniedBurst } from '../../../src/detectors/access-denied-burst.js';
import { apiSurge } from '../../../src/detectors/api-surge.js';
import { callerIdentityFromNewSource } from '../../../src/detectors/caller-identity-from-new-source.js';
import { concurrentKeyUse } from '../../../src/detectors/concurrent-key-use.js';
import { newNetworkForPrincipal } from '../../../src/detectors/new-network-for-principal.js';
import { readBurst } from '../../../src/detectors/read-burst.js';
import { regionSweep } from '../../../src/detectors/region-sweep.js';
import { serviceSweep } from '../../../src/detectors/service-sweep.js';
import { unusedRegionActivity } from '../../../src/detectors/unused-region-activity.js';
import type { Finding } from '../../../src/findings/finding.js';
import { simulateIncident, simulateRecords } from '../../../src/simulate/simulate.js';
import { loud } from '../../helpers/key-history.js';
import { detect } from '../../helpers/records.js';

const BEHAVIOURAL = [
  apiSurge,
  newNetworkForPrincipal,
  concurrentKeyUse,
  serviceSweep,
  readBurst,
  accessDeniedBurst,
  callerIdentityFromNewSource,
  regionSweep,
  unusedRegionActivity,
];

// The bundled sample's settings: three weeks of routine, then a stolen key on the last day.
const OPTIONS = { seed: 1, days: 21 };

describe('the behavioural detectors on three simulated weeks', () => {
  let findings: Finding[] = [];
  let inIncident: Finding[] = [];

  beforeAll(() => {
    findings = detect(BEHAVIOURAL, [...simulateRecords(OPTIONS)]);
    const incident = new Set(simulateIncident(OPTIONS).flatMap((stage) => stage.eventIds));
    inIncident = findings.filter((finding) => finding.eventIds.some((id) => incident.has(id)));
  });

  it('catch the stolen key with surge, new source and enumeration findings', () => {
    const caught = new Set(loud(inIncident).map((finding) => finding.detector));
    for (const id of [
      'api-surge',
      'new-network-for-principal',
      'caller-identity-from-new-source',
      'service-sweep',
      'read-burst',
      'region-sweep',
      'access-denied-burst',
      'concurrent-key-use',
      'unused-region-activity',
    ])
      expect(caught).toContain(id);
    expect(new Set(inIncident.map((finding) => finding.category))).toEqual(
      new Set(['api-surge', 'unusual-source', 'service-enumeration', 'resource-abuse']),
    );
  });

  it('raise nothing at medium or above in the routine weeks', () => {
    const routine = findings.filter((finding) => !inIncident.includes(finding));
    expect(loud(routine).map((finding) => `${finding.detector}: ${finding.summary}`)).toEqual([]);
  });
});
