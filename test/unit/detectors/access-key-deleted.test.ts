import { describe, expect, it } from 'vitest';
import { accessKeyDeleted } from '../../../src/detectors/access-key-deleted.js';
import { detect, record } from '../../helpers/records.js';

const deleteKey = (userName?: string) =>
  record({
    eventName: 'DeleteAccessKey',
    readOnly: false,
    requestParameters: { accessKeyId: 'AKIAEXAMPLEBOBKEY001', ...(userName ? { userName } : {}) },
  });

describe('access-key-deleted', () => {
  it("when a user deletes another user's key, raises a medium finding naming the key and owner", () => {
    const event = deleteKey('bob');
    const [finding, ...rest] = detect(accessKeyDeleted, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('access-key-activity');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('deleted AKIAEXAMPLEBOBKEY001 of user bob');
  });

  it('when a user deletes their own key, ranks it low', () => {
    const [finding] = detect(accessKeyDeleted, [deleteKey()]);
    expect(finding?.severity).toBe('low');
  });

  it('when a key is created instead, stays quiet', () => {
    expect(detect(accessKeyDeleted, [record({ eventName: 'CreateAccessKey', readOnly: false })])).toEqual([]);
  });
});
