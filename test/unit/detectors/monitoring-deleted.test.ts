import { describe, expect, it } from 'vitest';
import { monitoringDeleted } from '../../../src/detectors/monitoring-deleted.js';
import { detect, minutesAfter, record } from '../../helpers/records.js';

const BASE = '2026-03-02T10:00:00Z';
const call = (
  eventSource: string,
  eventName: string,
  requestParameters: Record<string, unknown>,
  minute = 0,
) =>
  record({
    eventSource,
    eventName,
    readOnly: false,
    requestParameters,
    eventTime: minutesAfter(BASE, minute),
  });

describe('monitoring-deleted', () => {
  it('when CloudWatch alarms are deleted, raises low naming them', () => {
    const event = call('monitoring.amazonaws.com', 'DeleteAlarms', {
      alarmNames: ['root-signin', 'cloudtrail-changes'],
    });
    const [finding] = detect(monitoringDeleted, [event]);
    expect(finding?.severity).toBe('low');
    expect(finding?.category).toBe('defense-evasion');
    expect(finding?.summary).toContain('deleted CloudWatch alarms root-signin, cloudtrail-changes');
  });

  it('when a log group is deleted, raises medium', () => {
    const [finding] = detect(monitoringDeleted, [
      call('logs.amazonaws.com', 'DeleteLogGroup', { logGroupName: 'aws-cloudtrail-logs' }),
    ]);
    expect(finding?.severity).toBe('medium');
  });

  it('when log retention is cut to a day, reports it with the days', () => {
    const [finding] = detect(monitoringDeleted, [
      call('logs.amazonaws.com', 'PutRetentionPolicy', {
        logGroupName: 'aws-cloudtrail-logs',
        retentionInDays: 1,
      }),
    ]);
    expect(finding?.summary).toContain('to 1 days');
  });

  it('when an EventBridge rule is disabled, raises low', () => {
    const [finding] = detect(monitoringDeleted, [
      call('events.amazonaws.com', 'DisableRule', { name: 'guardduty-to-slack' }),
    ]);
    expect(finding?.summary).toContain('disabled EventBridge rule guardduty-to-slack');
  });

  it('when retention is long, EKS logging is turned on, or another service deletes a rule, stays quiet', () => {
    expect(
      detect(monitoringDeleted, [
        call('logs.amazonaws.com', 'PutRetentionPolicy', { logGroupName: 'app', retentionInDays: 365 }),
        call('eks.amazonaws.com', 'UpdateClusterConfig', {
          name: 'prod',
          logging: { clusterLogging: [{ types: ['audit'], enabled: true }] },
        }),
        call('wafv2.amazonaws.com', 'DeleteRuleGroup', { Name: 'x' }),
        call('elasticloadbalancing.amazonaws.com', 'DeleteRule', {
          ruleArn: 'arn:aws:elasticloadbalancing:…',
        }),
      ]),
    ).toEqual([]);
  });
});
