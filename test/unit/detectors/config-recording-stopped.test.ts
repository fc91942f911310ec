import { describe, expect, it } from 'vitest';
import { configRecordingStopped } from '../../../src/detectors/config-recording-stopped.js';
import { pantherCasesAvailable, pantherDisagreements, pantherVerdicts } from '../../helpers/panther-cases.js';
import { detect, record } from '../../helpers/records.js';

const config = (eventName: string, requestParameters: Record<string, unknown> = {}, overrides = {}) =>
  record({
    eventSource: 'config.amazonaws.com',
    eventName,
    readOnly: false,
    requestParameters,
    ...overrides,
  });

describe('config-recording-stopped', () => {
  it('when the recorder is stopped, raises high naming it', () => {
    const event = config('StopConfigurationRecorder', { configurationRecorderName: 'default' });
    const [finding, ...rest] = detect(configRecordingStopped, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('high');
    expect(finding?.category).toBe('defense-evasion');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('stopped the AWS Config recorder default in us-east-1');
  });

  it('when a Config rule is deleted, raises medium naming the rule', () => {
    const [finding] = detect(configRecordingStopped, [
      config('DeleteConfigRule', { configRuleName: 's3-public-read' }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('s3-public-read');
  });

  it('when the delivery channel is created or recording started, stays quiet', () => {
    expect(
      detect(configRecordingStopped, [
        config('PutDeliveryChannel', { deliveryChannel: { name: 'default' } }),
        config('StartConfigurationRecorder', { configurationRecorderName: 'default' }),
      ]),
    ).toEqual([]);
  });
});

describe.skipIf(!pantherCasesAvailable)(
  'config-recording-stopped on Panther cases (from panther-labs/panther-analysis, Apache-2.0)',
  () => {
    it('agrees with AWS.ConfigService.DisabledDeleted: high on the delete, below high when it failed', () => {
      const rows = pantherVerdicts(configRecordingStopped, 'AWS.ConfigService.DisabledDeleted');
      expect(rows.map((row) => [row.name, row.severity])).toEqual([
        ['Config Recorder Delivery Channel Created', undefined],
        ['Config Recorder Deleted', 'high'],
        ['Error Deleting Config Recorder', 'medium'],
      ]);
      expect(pantherDisagreements(rows)).toEqual([]);
    });
  },
);
