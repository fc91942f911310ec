/** Redaction of credential material anywhere in a CloudTrail record, at any depth (issue 13, row 9). */
import { describe, expect, it } from 'vitest';
import { isCredentialField, REDACTED, redactCredentials } from '../../../src/cloudtrail/redact-record.js';

const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAexample\n-----END RSA PRIVATE KEY-----';

/** `value` wrapped in `depth` levels of objects and arrays, alternating. */
function nested(depth: number, value: unknown): unknown {
  let inner = value;
  for (let i = 0; i < depth; i += 1) inner = i % 2 === 0 ? { level: inner } : [inner];
  return inner;
}

describe('redactCredentials', () => {
  it('replaces an STS session token in responseElements and keeps the access key id beside it', () => {
    const record = {
      eventName: 'AssumeRole',
      responseElements: {
        credentials: { accessKeyId: 'ASIAEXAMPLE', sessionToken: 'IQoJb3JpZ2luX2Vj', expiration: 'x' },
      },
    };
    expect(redactCredentials(record)).toBe(1);
    expect(record.responseElements.credentials).toEqual({
      accessKeyId: 'ASIAEXAMPLE',
      sessionToken: REDACTED,
      expiration: 'x',
    });
  });

  it('finds a secret 40 levels deep in responseElements, where it used to stop at 5', () => {
    const record = { responseElements: nested(40, { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG' }) };
    expect(redactCredentials(record)).toBe(1);
    expect(JSON.stringify(record)).not.toContain('wJalrXUtnFEMI');
    expect(JSON.stringify(record)).toContain(REDACTED);
  });

  it('finds passwords in requestParameters and additionalEventData, whatever their case or separator', () => {
    const record = {
      requestParameters: {
        dBInstanceIdentifier: 'db1',
        masterUserPassword: 'hunter2',
        Settings: { db_password: 'p4ss' },
      },
      additionalEventData: { 'x-amz-security-token': 'FwoGZXIvYXdzEXAMPLE', clientSecret: 'cs' },
      serviceEventDetails: [{ refresh_token: 'rt' }],
    };
    expect(redactCredentials(record)).toBe(5);
    const text = JSON.stringify(record);
    for (const secret of ['hunter2', 'p4ss', 'FwoGZXIvYXdzEXAMPLE', '"cs"', '"rt"'])
      expect(text).not.toContain(secret);
    expect(record.requestParameters.dBInstanceIdentifier).toBe('db1');
  });

  it('replaces a PEM private key under any field name, and every string under a credential-named object', () => {
    const record = {
      requestParameters: {
        serverCertificateName: 'web',
        certificateBody: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
        keyBlob: PEM,
        privateKey: { material: 'abc', parts: ['def', 'ghi'] },
      },
    };
    expect(redactCredentials(record)).toBe(4);
    expect(record.requestParameters.keyBlob).toBe(REDACTED);
    expect(record.requestParameters.privateKey).toEqual({ material: REDACTED, parts: [REDACTED, REDACTED] });
    // A certificate is public: detectors and responders may read it.
    expect(record.requestParameters.certificateBody).toContain('BEGIN CERTIFICATE');
  });

  it('keeps the password policy numbers and flags the detectors read', () => {
    const record = {
      eventName: 'UpdateAccountPasswordPolicy',
      requestParameters: { minimumPasswordLength: 6, passwordResetRequired: false, requireSymbols: false },
      requestParametersSecret: { secretId: 'prod/db' },
    };
    expect(redactCredentials(record)).toBe(0);
    expect(record.requestParameters).toEqual({
      minimumPasswordLength: 6,
      passwordResetRequired: false,
      requireSymbols: false,
    });
  });

  it('walks a record nested 50,000 levels deep without overflowing the stack', () => {
    const record = { requestParameters: nested(50_000, { password: 'deep' }) };
    expect(redactCredentials(record)).toBe(1);
  });

  it('names credential fields, not fields that merely mention them', () => {
    for (const name of [
      'sessionToken',
      'SecretAccessKey',
      'new_password',
      'PrivateKey',
      'signinToken',
      'SecretString',
    ])
      expect(isCredentialField(name), name).toBe(true);
    for (const name of [
      'secretId',
      'accessKeyId',
      'passwordResetRequired',
      'tokenCode',
      'nextToken',
      'keyName',
    ])
      expect(isCredentialField(name), name).toBe(false);
  });
});
