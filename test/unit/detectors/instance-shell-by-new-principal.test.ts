import { describe, expect, it } from 'vitest';
import { instanceShellByNewPrincipal } from '../../../src/detectors/instance-shell-by-new-principal.js';
import { detect, record } from '../../helpers/records.js';
import { aliceRoutine, at, OFFICE_IP } from '../../helpers/s3-role-records.js';

// After the SSM CloudTrail reference and Stratus Red Team's aws.execution.ssm-send-command detonation.
const sendCommand = (eventTime: string, overrides: Record<string, unknown> = {}) =>
  record({
    eventTime,
    eventSource: 'ssm.amazonaws.com',
    eventName: 'SendCommand',
    readOnly: false,
    sourceIPAddress: OFFICE_IP,
    requestParameters: {
      instanceIds: ['i-0a1b2c3d4e5f67890', 'i-0fedcba9876543210'],
      documentName: 'AWS-RunShellScript',
      parameters: 'HIDDEN_DUE_TO_SECURITY_REASONS',
      interactive: false,
    },
    responseElements: { command: { commandId: '5f2a9c1e-1111-4222-8333-444455556666', status: 'Pending' } },
    ...overrides,
  });
const startSession = (eventTime: string) =>
  record({
    eventTime,
    eventSource: 'ssm.amazonaws.com',
    eventName: 'StartSession',
    readOnly: false,
    sourceIPAddress: OFFICE_IP,
    requestParameters: { target: 'i-0a1b2c3d4e5f67890' },
    responseElements: {
      sessionId: 'alice-0a1b2c3d4e5f67890',
      tokenValue: 'Value hidden due to security reasons.',
      streamUrl: 'wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/alice-0a1b2c3d4e5f67890',
    },
  });

describe('instance-shell-by-new-principal', () => {
  it('when a principal with ten days of history runs its first SSM command, raises medium naming the targets', () => {
    const command = sendCommand(at(10));
    const [finding, ...rest] = detect(instanceShellByNewPrincipal, [...aliceRoutine(), command]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('privilege-change');
    expect(finding?.eventIds).toEqual([command.eventID]);
    expect(finding?.summary).toContain('ran an SSM command on i-0a1b2c3d4e5f67890, i-0fedcba9876543210');
    expect(finding?.summary).toContain('(AWS-RunShellScript)');
  });

  it('when it opens its first Session Manager session, names the instance', () => {
    const [finding] = detect(instanceShellByNewPrincipal, [...aliceRoutine(), startSession(at(10))]);
    expect(finding?.summary).toContain('opened an SSM session to i-0a1b2c3d4e5f67890');
  });

  it('when the principal has run commands before, stays quiet', () => {
    const history = [...aliceRoutine(), sendCommand(at(3, 12))];
    const later = sendCommand(at(10));
    const findings = detect(instanceShellByNewPrincipal, [...history, later]);
    expect(findings.flatMap((finding) => finding.eventIds)).not.toContain(later.eventID);
  });

  it('when a principal with no history runs a command, reports at most info', () => {
    const findings = detect(instanceShellByNewPrincipal, [sendCommand(at(0))]);
    expect(findings.every((finding) => finding.severity === 'info')).toBe(true);
  });
});
