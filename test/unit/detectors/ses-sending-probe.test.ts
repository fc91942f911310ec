import { describe, expect, it } from 'vitest';
import { sesSendingProbe } from '../../../src/detectors/ses-sending-probe.js';
import type { Severity } from '../../../src/findings/severity.js';
import { judgePanther, pantherCases, pantherCasesAvailable } from '../../helpers/panther-cases.js';
import { assumedRole, detect, minutesAfter, record } from '../../helpers/records.js';

const BASE = '2026-03-02T10:00:00Z';
const ses = (eventName: string, minute: number, overrides: Record<string, unknown> = {}) =>
  record({
    eventSource: 'ses.amazonaws.com',
    eventName,
    eventTime: minutesAfter(BASE, minute),
    ...overrides,
  });

describe('ses-sending-probe', () => {
  it('when a long-term key checks the quota and lists identities, raises one medium finding citing both', () => {
    const events = [ses('GetSendQuota', 0), ses('ListIdentities', 1)];
    const [finding, ...rest] = detect(sesSendingProbe, events);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('resource-abuse');
    expect(finding?.eventIds).toEqual(events.map((e) => e.eventID));
    expect(finding?.summary).toContain('called SES GetSendQuota in us-east-1');
  });

  it('when the key then switches sending on, raises it to high', () => {
    const [finding] = detect(sesSendingProbe, [
      ses('GetAccount', 0),
      ses('UpdateAccountSendingEnabled', 2, { requestParameters: { enabled: true } }),
    ]);
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toContain('UpdateAccountSendingEnabled');
  });

  it('when a new sender identity is created, names it at medium', () => {
    const [finding] = detect(sesSendingProbe, [
      ses('CreateEmailIdentity', 0, { requestParameters: { emailIdentity: 'billing@example.net' } }),
    ]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('for billing@example.net');
  });

  it('when a role session probes, ranks it low', () => {
    const [finding] = detect(sesSendingProbe, [
      ses('GetSendQuota', 0, { userIdentity: assumedRole('ConsoleUser') }),
    ]);
    expect(finding?.severity).toBe('low');
  });

  it('when Trusted Advisor checks the quota, sending is turned off, or GetAccount is another service, stays quiet', () => {
    const trustedAdvisor = ses('GetSendQuota', 0, {
      sourceIPAddress: 'trustedadvisor.amazonaws.com',
      userIdentity: {
        ...assumedRole('AWSServiceRoleForTrustedAdvisor', 'TrustedAdvisor_123456789012'),
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            arn: 'arn:aws:iam::123456789012:role/aws-service-role/trustedadvisor.amazonaws.com/AWSServiceRoleForTrustedAdvisor',
            userName: 'AWSServiceRoleForTrustedAdvisor',
          },
        },
      },
    });
    const pause = ses('UpdateAccountSendingEnabled', 5, { requestParameters: { enabled: false } });
    const apiGateway = record({ eventSource: 'apigateway.amazonaws.com', eventName: 'GetAccount' });
    expect(detect(sesSendingProbe, [trustedAdvisor, pause, apiGateway])).toEqual([]);
  });
});

// Panther's SES rules (from panther-labs/panther-analysis, Apache-2.0), each record scanned alone. Their
// records use a placeholder key id (neither AKIA nor ASIA), which trailwatch ranks like a long-term key.
const PANTHER_RULES = [
  'AWS.CloudTrail.SES.CheckIdentityVerifications',
  'AWS.CloudTrail.SES.CheckSendQuota',
  'AWS.CloudTrail.SES.CheckSESSendingEnabled',
  'AWS.CloudTrail.SES.ListIdentities',
];
const PANTHER_SEVERITY: Record<string, Severity | undefined> = {
  'GetIdentityVerificationStatus Event': 'medium',
  'GetSendQuota Event': 'medium',
  'GetSendQuota from Trusted Advisor (Should Not Alert)': undefined,
  'CheckSendingEnabled Event': 'medium',
  'ListIdentities Event': 'medium',
};

describe.skipIf(!pantherCasesAvailable)('Panther AWS.CloudTrail.SES rules', () => {
  it.each(pantherCases(...PANTHER_RULES))(
    'on "$name", agrees with Panther at the expected severity',
    (each) => {
      const verdict = judgePanther(sesSendingProbe, each);
      expect(verdict.malformed).toBeUndefined();
      expect(verdict.severity).toBe(PANTHER_SEVERITY[each.name]);
      if (each.expected) expect(verdict.caught).toBe(true);
      else expect(verdict.alarm).toBe(false);
    },
  );
});
