import { describe, expect, it } from 'vitest';
import { cloudtrailLoggingStopped } from '../../../src/detectors/cloudtrail-logging-stopped.js';
import { assumedRole, awsService, detect, record } from '../../helpers/records.js';

const stop = (overrides: Record<string, unknown> = {}) =>
  record({
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    readOnly: false,
    requestParameters: { name: `arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail` },
    ...overrides,
  });

describe('cloudtrail-logging-stopped', () => {
  it('when a user stops the trail, raises a critical finding citing the event', () => {
    const event = stop();
    const [finding, ...rest] = detect(cloudtrailLoggingStopped, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('critical');
    expect(finding?.category).toBe('defense-evasion');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain('org-trail');
  });

  it('when the attempt fails, still reports it one step lower', () => {
    const [finding] = detect(cloudtrailLoggingStopped, [stop({ errorCode: 'AccessDenied' })]);
    expect(finding?.severity).toBe('high');
  });

  it('when the call fails because the named trail does not exist, ranks it medium: it stopped nothing', () => {
    for (const errorCode of ['InvalidTrailNameException', 'TrailNotFoundException']) {
      const [finding] = detect(cloudtrailLoggingStopped, [stop({ errorCode })]);
      expect(finding?.severity).toBe('medium');
    }
  });

  it('when CloudFormation deletes the trail for the account, ranks it low', () => {
    const [finding] = detect(cloudtrailLoggingStopped, [
      stop({
        eventName: 'DeleteTrail',
        userIdentity: awsService(),
        sourceIPAddress: 'cloudformation.amazonaws.com',
      }),
    ]);
    expect(finding?.severity).toBe('medium');
  });

  it('when three stops come from one role session within an hour, makes one finding citing all three', () => {
    const events = [0, 10, 20].map((m) =>
      stop({ userIdentity: assumedRole(), eventTime: `2026-03-02T10:${String(m).padStart(2, '0')}:00Z` }),
    );
    const findings = detect(cloudtrailLoggingStopped, events);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.eventIds).toEqual(events.map((e) => e.eventID));
  });

  it('when the trail is only started or described, stays quiet', () => {
    expect(
      detect(cloudtrailLoggingStopped, [
        stop({ eventName: 'StartLogging' }),
        stop({ eventName: 'DescribeTrails' }),
      ]),
    ).toEqual([]);
  });
});
