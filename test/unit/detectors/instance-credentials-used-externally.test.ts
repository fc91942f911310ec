import { describe, expect, it } from 'vitest';
import { instanceCredentialsUsedExternally } from '../../../src/detectors/instance-credentials-used-externally.js';
import type { Severity } from '../../../src/findings/severity.js';
import {
  judgePanther,
  type PantherCase,
  pantherCases,
  pantherCasesAvailable,
} from '../../helpers/panther-cases.js';
import { assumedRole, detect, iamUser, record } from '../../helpers/records.js';

const INSTANCE = 'i-0abcdef1234567890';
const instanceRole = () => assumedRole('WebAppRole', INSTANCE, 'ASIAEXAMPLEINSTANCE1');
const call = (overrides: Record<string, unknown> = {}) =>
  record({
    eventSource: 's3.amazonaws.com',
    eventName: 'ListBuckets',
    userIdentity: instanceRole(),
    sourceIPAddress: '203.0.113.50',
    userAgent: 'aws-cli/2.15.0 Python/3.11.6 Darwin/23.1.0 exe/x86_64',
    ...overrides,
  });

describe('instance-credentials-used-externally', () => {
  it('when instance credentials are used from a public address with a laptop CLI, raises a medium finding', () => {
    const event = call();
    const [finding, ...rest] = detect(instanceCredentialsUsedExternally, [event]);
    expect(rest).toHaveLength(0);
    expect(finding?.severity).toBe('medium');
    expect(finding?.category).toBe('unusual-source');
    expect(finding?.eventIds).toEqual([event.eventID]);
    expect(finding?.summary).toContain(`EC2 instance ${INSTANCE} (role WebAppRole) called ListBuckets`);
    expect(finding?.summary).toContain('203.0.113.50');
  });

  it('when the user agent names an Amazon Linux kernel (likely the instance’s own NAT address), ranks it low', () => {
    const [finding] = detect(instanceCredentialsUsedExternally, [
      call({
        userAgent: 'aws-sdk-java/2.20.0 Linux/6.1.61-85.141.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/17',
      }),
    ]);
    expect(finding?.severity).toBe('low');
  });

  it('when an outsider reads SSM parameters with the stolen credentials, still reports it', () => {
    const [finding] = detect(instanceCredentialsUsedExternally, [
      call({
        eventSource: 'ssm.amazonaws.com',
        eventName: 'GetParameters',
        userAgent: 'Boto3/1.34.0 os/linux#6.6.9',
      }),
    ]);
    expect(finding?.summary).toContain('called GetParameters');
  });

  it('when the call comes from a private or VPC address, a service, the SSM agent, another role or an IAM user, stays quiet', () => {
    const events = [
      call({ sourceIPAddress: '10.0.1.50' }),
      call({ sourceIPAddress: '172.31.4.9' }),
      call({ sourceIPAddress: 'fd12:3456:789a::1' }),
      call({ sourceIPAddress: 'AWS Internal' }),
      call({ sourceIPAddress: 'ec2.amazonaws.com' }),
      call({ userIdentity: { ...instanceRole(), invokedBy: 'eks.amazonaws.com' } }),
      call({
        eventSource: 'ssm.amazonaws.com',
        eventName: 'UpdateInstanceInformation',
        userAgent: 'amazon-ssm-agent/3.2.0',
      }),
      call({ eventSource: 'ec2messages.amazonaws.com', eventName: 'GetMessages', userAgent: '' }),
      call({ userIdentity: assumedRole('WebAppRole', 'deploy-session') }),
      call({ userIdentity: iamUser() }),
    ];
    expect(detect(instanceCredentialsUsedExternally, events)).toEqual([]);
  });
});

// Panther's tests (from panther-labs/panther-analysis, Apache-2.0), each record scanned alone. Panther ranks
// a public source high; trailwatch cannot tell the instance's own public or NAT address from an outsider's
// without IP-range data, so it ranks it medium.
const PANTHER_RULE = 'AWS.CloudTrail.IMDSCredentialExfiltration';
const PANTHER_SEVERITY: Record<string, Severity | undefined> = {
  'IMDS Credentials Used From Public IP': 'medium',
  'Normal EC2 Workload From Private IP': undefined,
  'AWS Service Hostname as Source IP': undefined,
  'Legitimate SSM Activity': undefined,
  'AWS Internal Source IP': undefined,
  'AWS Service InvokedBy on behalf of instance': undefined,
  'SSM Messages Service Source': undefined,
  'RegisterManagedInstance Event': undefined,
  'Non-Instance Role': undefined,
  'IMDS Credentials Used From Amazon.com ASN Source IP': 'medium',
};

/** These records have no eventID, so the peer scorer cannot credit them; give each one to check the verdict. */
function withEventId(each: PantherCase): PantherCase {
  return { ...each, log: { eventID: `panther:${each.name}`, ...each.log } };
}

describe.skipIf(!pantherCasesAvailable)(`Panther ${PANTHER_RULE}`, () => {
  it.each(pantherCases(PANTHER_RULE))('on "$name", agrees with Panther at the expected severity', (each) => {
    const verdict = judgePanther(instanceCredentialsUsedExternally, withEventId(each));
    expect(verdict.malformed).toBeUndefined();
    expect(verdict.severity).toBe(PANTHER_SEVERITY[each.name]);
    if (each.expected) expect(verdict.caught).toBe(true);
    else expect(verdict.alarm).toBe(false);
  });
});
