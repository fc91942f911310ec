import { describe, expect, it } from 'vitest';
import { simulateIncident, simulateRecords } from '../../../src/simulate/simulate.js';

const OPTIONS = { seed: 5, days: 2 };
const stages = simulateIncident(OPTIONS);
const records = [...simulateRecords(OPTIONS)];
const byId = new Map(records.map((record) => [record.eventID as string, record]));
const stageRecords = (stage: string) =>
  (stages.find((s) => s.stage === stage)?.eventIds ?? []).map(
    (id) => byId.get(id) as Record<string, unknown>,
  );
function one(stage: string, eventName: string): Record<string, unknown> {
  const found = stageRecords(stage).find((record) => record.eventName === eventName);
  if (!found) throw new Error(`stage ${stage} has no ${eventName}`);
  return found;
}
const names = (stage: string) => stageRecords(stage).map((record) => record.eventName);

describe('the simulated incident', () => {
  it('has the nine stages in order, each with the categories a detector should report', () => {
    expect(stages.map((stage) => stage.stage)).toEqual([
      'recon',
      'key-operations',
      'persistence',
      'console',
      'defense-evasion',
      'data',
      'network',
      'resource-abuse',
      'account',
    ]);
    expect(stages[0]?.categories).toEqual(['unusual-source', 'service-enumeration']);
    expect(stages.find((stage) => stage.stage === 'data')?.categories).toContain('s3-access');
  });

  it('cites eventIds that all appear in the stream, on the last day, within about two hours', () => {
    const ids = stages.flatMap((stage) => stage.eventIds);
    expect(ids.length).toBeGreaterThan(300);
    for (const id of ids) expect(byId.has(id)).toBe(true);
    const times = ids.map((id) => Date.parse(byId.get(id)?.eventTime as string));
    expect(new Date(Math.min(...times)).toISOString().slice(0, 10)).toBe('2026-10-06');
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(3 * 3_600_000);
  });

  it('depends on the seed only: the same eventIds for any day count, different ones for another seed', () => {
    expect(simulateIncident({ seed: 5, days: 9 })).toEqual(stages);
    expect(simulateIncident({ seed: 6, days: 2 })[0]?.eventIds[0]).not.toBe(stages[0]?.eventIds[0]);
  });

  it('starts with GetCallerIdentity from the Kali host, then shows up once from a second network (an IPv6 exit)', () => {
    const first = stageRecords('recon')[0] as Record<string, unknown>;
    expect(first.eventName).toBe('GetCallerIdentity');
    expect(first.sourceIPAddress).toBe('203.0.113.66');
    expect(first.userAgent).toBe(
      'aws-cli/2.13.5 Python/3.11.4 Linux/6.3.0-kali1-amd64 exe/x86_64.kali.2023 prompt/off command/sts.get-caller-identity',
    );
    expect((first.userIdentity as { accessKeyId: string }).accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    const ips = stages.flatMap((stage) => stageRecords(stage.stage)).map((record) => record.sourceIPAddress);
    expect(ips.filter((ip) => ip === '2001:db8:4f::17')).toHaveLength(1);
  });

  it('sweeps 15 regions in recon, with many calls denied', () => {
    const recon = stageRecords('recon');
    expect(new Set(recon.map((record) => record.awsRegion)).size).toBe(15);
    const denied = recon.filter((record) =>
      /AccessDenied|UnauthorizedOperation/.test(String(record.errorCode)),
    );
    expect(denied.length).toBeGreaterThan(40);
  });

  it('creates the backdoor user with admin rights, a key, a password, and a role trusting the attacker', () => {
    expect(names('persistence')).toEqual(
      expect.arrayContaining([
        'CreateUser',
        'AttachUserPolicy',
        'CreateAccessKey',
        'CreateLoginProfile',
        'UpdateAssumeRolePolicy',
      ]),
    );
    const trust = one('persistence', 'UpdateAssumeRolePolicy');
    expect(String((trust.requestParameters as { policyDocument: string }).policyDocument)).toContain(
      'arn:aws:iam::444455556666:root',
    );
    const keyFor = one('key-operations', 'CreateAccessKey');
    const victim = (keyFor.userIdentity as { userName: string }).userName;
    expect((keyFor.requestParameters as { userName: string }).userName).not.toBe(victim);
  });

  it('turns the key into a console session and fails to stop the organization trail', () => {
    expect(names('console')).toEqual(
      expect.arrayContaining(['GetFederationToken', 'GetSigninToken', 'ConsoleLogin']),
    );
    const stop = stageRecords('defense-evasion').find((record) => record.eventName === 'StopLogging');
    expect(stop?.errorCode).toBe('AccessDenied');
    expect(names('defense-evasion')).toEqual(expect.arrayContaining(['PutEventSelectors', 'DeleteDetector']));
  });

  it('reads 12 different secrets within 10 minutes and bursts GetObject from one bucket', () => {
    const secrets = stageRecords('data').filter((record) => record.eventName === 'GetSecretValue');
    expect(
      new Set(secrets.map((record) => (record.requestParameters as { secretId: string }).secretId)).size,
    ).toBe(12);
    const span =
      Date.parse(secrets.at(-1)?.eventTime as string) - Date.parse(secrets[0]?.eventTime as string);
    expect(span).toBeLessThanOrEqual(10 * 60_000);
    const gets = stageRecords('data').filter((record) => record.eventName === 'GetObject');
    expect(gets.length).toBeGreaterThanOrEqual(200);
    expect(
      new Set(gets.map((record) => (record.requestParameters as { bucketName: string }).bucketName)).size,
    ).toBe(1);
  });

  it('opens SSH to the world, launches GPU instances in an unused region and fails to leave the organization', () => {
    const ingress = stageRecords('network').find(
      (record) => record.eventName === 'AuthorizeSecurityGroupIngress',
    );
    expect(JSON.stringify(ingress?.requestParameters)).toContain('"cidrIp":"0.0.0.0/0"');
    const launches = stageRecords('resource-abuse').filter((record) => record.eventName === 'RunInstances');
    expect(
      launches.map((record) => (record.requestParameters as { instanceType: string }).instanceType),
    ).toEqual(['p4d.24xlarge', 'g5.12xlarge']);
    for (const launch of launches) expect(launch.awsRegion).toBe('ap-southeast-3');
    const [leave] = stageRecords('account');
    expect(leave?.eventName).toBe('LeaveOrganization');
    expect(String(leave?.errorCode)).toMatch(/AccessDenied/);
  });
});
