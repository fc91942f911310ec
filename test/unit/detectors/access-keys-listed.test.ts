import { describe, expect, it } from 'vitest';
import { accessKeysListed } from '../../../src/detectors/access-keys-listed.js';
import { judgePanther, pantherCase, pantherCasesAvailable } from '../../helpers/panther-cases.js';
import { detect, minutesAfter, record } from '../../helpers/records.js';

const listKeys = (userName?: string, eventTime = '2026-03-02T10:00:00Z') =>
  record({ eventName: 'ListAccessKeys', eventTime, requestParameters: userName ? { userName } : null });

describe('access-keys-listed', () => {
  it("when a key lists another user's keys, raises a low access-key-activity finding naming the user", () => {
    const event = listKeys('bob');
    const [finding, ...rest] = detect(accessKeysListed, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('low');
    expect(finding?.category).toBe('access-key-activity');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain("listed user bob's access keys");
  });

  it('when one key lists keys for many users in a few minutes, makes one finding with every event', () => {
    const events = ['bob', 'carol', 'dave'].map((user, i) =>
      listKeys(user, minutesAfter('2026-03-02T10:00:00Z', i)),
    );
    const findings = detect(accessKeysListed, events);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.eventCount).toBe(3);
  });

  it('when users are listed instead, stays quiet', () => {
    expect(detect(accessKeysListed, [record({ eventName: 'ListUsers' })])).toEqual([]);
  });

  describe.skipIf(!pantherCasesAvailable)(
    'against Panther (panther-labs/panther-analysis, Apache-2.0)',
    () => {
      it('keeps AWS.Root.Activity "Root Read-Only Enumeration" low', () => {
        const verdict = judgePanther(
          accessKeysListed,
          pantherCase('AWS.Root.Activity', 'Root Read-Only Enumeration'),
        );
        expect(verdict.findings[0]?.severity).toBe('low');
        expect(verdict.findings[0]?.summary).toContain('listed root access keys');
      });
    },
  );
});
