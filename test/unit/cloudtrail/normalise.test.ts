import { describe, expect, it } from 'vitest';
import { normaliseRecord } from '../../../src/cloudtrail/normalise.js';
import { ACCOUNT, assumedRole, awsService, iamUser, record, root } from '../../helpers/records.js';

function event(overrides: Record<string, unknown>) {
  const result = normaliseRecord(record(overrides));
  if (!result.ok) throw new Error(result.reason);
  return result.event;
}

describe('normaliseRecord', () => {
  it('reads an IAM user with a long-term key', () => {
    const e = event({ userIdentity: iamUser('alice', 'AKIAIOSFODNN7EXAMPLE') });
    expect(e.identity).toMatchObject({
      type: 'IAMUser',
      userName: 'alice',
      keyKind: 'long-term',
      accountId: ACCOUNT,
    });
    expect(e.time).toBe(Date.parse('2026-03-02T10:00:00Z'));
    expect(e.service).toBe('iam');
    expect(e.sourceIsService).toBe(false);
  });

  it('reads a role session: temporary key, issuer, session name and MFA flag', () => {
    const e = event({ userIdentity: assumedRole('DeployRole', 'gh-1234') });
    expect(e.identity).toMatchObject({
      type: 'AssumedRole',
      keyKind: 'temporary',
      sessionName: 'gh-1234',
      userName: 'DeployRole',
      mfaAuthenticated: false,
      sessionIssuer: { type: 'Role', userName: 'DeployRole' },
    });
  });

  it('names root and AWS service callers even without an arn', () => {
    expect(event({ userIdentity: { type: 'Root', accountId: ACCOUNT } }).identity.arn).toBe(
      `arn:aws:iam::${ACCOUNT}:root`,
    );
    const service = event({
      userIdentity: awsService('config.amazonaws.com'),
      sourceIPAddress: 'config.amazonaws.com',
    });
    expect(service.identity).toMatchObject({ type: 'AWSService', arn: 'service:config.amazonaws.com' });
    expect(service.sourceIsService).toBe(true);
    expect(event({ userIdentity: root() }).identity.userName).toBe('root');
  });

  it.each([
    [
      'FederatedUser',
      {
        type: 'FederatedUser',
        principalId: `${ACCOUNT}:bob`,
        arn: `arn:aws:sts::${ACCOUNT}:federated-user/bob`,
        accountId: ACCOUNT,
        accessKeyId: 'ASIAEXAMPLEFEDKEY001',
      },
    ],
    [
      'WebIdentityUser',
      {
        type: 'WebIdentityUser',
        principalId: 'token.actions.githubusercontent.com:repo:org/app',
        userName: 'repo:org/app',
        identityProvider: 'token.actions.githubusercontent.com',
      },
    ],
    [
      'SAMLUser',
      { type: 'SAMLUser', principalId: 'SAMLPROVIDER:alice@example.com', userName: 'alice@example.com' },
    ],
    ['AWSAccount', { type: 'AWSAccount', principalId: 'AIDAEXAMPLEOTHER', accountId: '444455556666' }],
  ])('reads a %s caller', (type, identity) => {
    const e = event({ userIdentity: identity });
    expect(e.identity.type).toBe(type);
    expect(e.identity.arn.length).toBeGreaterThan(0);
  });

  it('keeps a failed sign-in whose user name AWS hid, under a stable placeholder principal', () => {
    const e = event({
      userIdentity: {
        type: 'IAMUser',
        principalId: '',
        accountId: ACCOUNT,
        userName: 'HIDDEN_DUE_TO_SECURITY_REASONS',
      },
    });
    expect(e.identity.arn).toBe(`unknown:${ACCOUNT}:HIDDEN_DUE_TO_SECURITY_REASONS`);
  });

  it('reads records whose field names an Athena export lower-cased, with JSON-string parameters', () => {
    const lower = Object.fromEntries(Object.entries(record()).map(([k, v]) => [k.toLowerCase(), v]));
    lower.useridentity = {
      type: 'IAMUser',
      arn: 'arn:aws:iam::123456789012:user/alice',
      accountid: ACCOUNT,
      username: 'alice',
    };
    lower.requestparameters = '{"userName":"bob"}';
    const result = normaliseRecord(lower);
    expect(result.ok && result.event).toMatchObject({
      eventName: 'ListUsers',
      identity: { userName: 'alice', accountId: ACCOUNT },
      requestParameters: { userName: 'bob' },
    });
  });

  it('keeps errors, readOnly, category and MFAUsed', () => {
    const e = event({
      errorCode: 'AccessDenied',
      errorMessage: 'not authorized',
      readOnly: false,
      eventCategory: 'Data',
      additionalEventData: '{"MFAUsed":"No"}',
    });
    expect(e).toMatchObject({
      failed: true,
      errorCode: 'AccessDenied',
      readOnly: false,
      eventCategory: 'Data',
    });
    expect(e.additionalEventData).toEqual({ MFAUsed: 'No' });
  });

  it.each([
    ['a string', 'not a record', 'record is not a JSON object'],
    ['an array', [1, 2], 'record is not a JSON object'],
    ['no eventTime', record({ eventTime: undefined }), 'eventTime is missing or not a string'],
    ['a bad eventTime', record({ eventTime: 'yesterday' }), 'eventTime is not a date'],
    ['a numeric eventName', record({ eventName: 42 }), 'eventName is missing or not a string'],
    ['no eventSource', record({ eventSource: undefined }), 'eventSource is missing or not a string'],
    ['a string userIdentity', record({ userIdentity: 'alice' }), 'userIdentity is not an object'],
    ['a numeric requestParameters', record({ requestParameters: 7 }), 'requestParameters is not an object'],
  ])('refuses %s with a reason', (_label, raw, reason) => {
    expect(normaliseRecord(raw)).toEqual({ ok: false, reason });
  });
});
