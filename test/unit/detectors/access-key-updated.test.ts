import { describe, expect, it } from 'vitest';
import { accessKeyUpdated } from '../../../src/detectors/access-key-updated.js';
import { assumedRole, detect, record, root } from '../../helpers/records.js';

const updateKey = (
  status: 'Active' | 'Inactive',
  userName?: string,
  overrides: Record<string, unknown> = {},
) =>
  record({
    eventName: 'UpdateAccessKey',
    readOnly: false,
    requestParameters: { accessKeyId: 'AKIAEXAMPLEBOBKEY001', status, ...(userName ? { userName } : {}) },
    ...overrides,
  });

describe('access-key-updated', () => {
  it("when a user re-activates another user's key, raises a high finding naming the key and owner", () => {
    const event = updateKey('Active', 'bob');
    const [finding, ...rest] = detect(accessKeyUpdated, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('access-key-activity');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('activated AKIAEXAMPLEBOBKEY001 of user bob');
  });

  it('when root re-activates its own key, ranks it high', () => {
    const [finding] = detect(accessKeyUpdated, [
      updateKey('Active', undefined, { userIdentity: root('ASIAEXAMPLEROOTSESS1') }),
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('of root');
  });

  it('when a user re-activates their own key, ranks it medium', () => {
    const [finding] = detect(accessKeyUpdated, [updateKey('Active')]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('of itself');
  });

  it('when a responder role deactivates a key, ranks it low', () => {
    const [finding] = detect(accessKeyUpdated, [
      updateKey('Inactive', 'bob', { userIdentity: assumedRole('Responder') }),
    ]);
    expect(finding?.severity).toBe('low');
    expect(finding?.summary).toContain('deactivated');
  });

  it('when keys are only read, stays quiet', () => {
    expect(detect(accessKeyUpdated, [record({ eventName: 'GetAccessKeyLastUsed' })])).toEqual([]);
  });
});
