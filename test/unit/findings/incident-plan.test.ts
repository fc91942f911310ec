import { describe, expect, it } from 'vitest';
import { incidentKeyOf, openIncident } from '../../../src/findings/incident-plan.js';
import { ALICE, at, burst, KEY_ONE } from '../../contract/findings-store.fixtures.js';

const SESSION = 'ASIAEXAMPLESESSION01';

describe('incidentKeyOf', () => {
  it('groups by the access key when there is one, else by the principal', () => {
    expect(incidentKeyOf(burst({ accessKeyId: KEY_ONE }))).toBe(`access-key:${KEY_ONE}`);
    expect(incidentKeyOf(burst())).toBe(`principal:${ALICE}`);
  });

  it('groups a session (or an outsider in a role) with the long-term key it came from', () => {
    const session = { ...burst({ accessKeyId: SESSION }), sourceAccessKeyId: KEY_ONE };
    expect(incidentKeyOf(session)).toBe(`access-key:${KEY_ONE}`);
    const outsider = { ...burst(), sourceAccessKeyId: KEY_ONE };
    expect(incidentKeyOf(outsider)).toBe(`access-key:${KEY_ONE}`);
  });

  it('names the source key on an incident a session opened', () => {
    const session = { ...burst({ accessKeyId: SESSION }), sourceAccessKeyId: KEY_ONE };
    const incident = openIncident('inc-1', session, at(0));
    expect(incident.key).toBe(`access-key:${KEY_ONE}`);
    expect(incident.accessKeyId).toBe(KEY_ONE);
  });
});
