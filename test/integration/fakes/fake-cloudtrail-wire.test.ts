/** Contract: the fake CloudTrail's wire-level answers to requests the SDK would never send. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ACCESS_KEY_ID } from '../../../src/stand-ins/aws-test-credentials.js';
import { type FakeCloudTrail, startFakeCloudTrail } from '../../../src/stand-ins/fake-cloudtrail.js';

const TARGET = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents';
// Shaped like SigV4; the fake reads the credential scope and does not verify the signature.
const AUTH = `AWS4-HMAC-SHA256 Credential=${TEST_ACCESS_KEY_ID}/20260302/us-east-1/cloudtrail/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=${'0'.repeat(64)}`;

let fake: FakeCloudTrail;
beforeAll(async () => {
  fake = await startFakeCloudTrail({ throttle: false });
});
afterAll(async () => {
  await fake.close();
});

async function post(body: string, headers: Record<string, string>) {
  const res = await fetch(`${fake.endpoint}/`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': TARGET,
      'x-amz-date': '20260302T120000Z',
      authorization: AUTH,
      ...headers,
    },
  });
  return {
    status: res.status,
    errorType: res.headers.get('x-amzn-errortype'),
    body: (await res.json()) as { __type?: string; message?: string; Events?: unknown[] },
  };
}

describe('fake CloudTrail wire errors', () => {
  it('when the body is not JSON, answers 400 SerializationException in the JSON 1.1 error shape', async () => {
    const res = await post('{"StartTime":', {});

    expect(res.status).toBe(400);
    expect(res.errorType).toBe('SerializationException');
    expect(res.body).toMatchObject({ __type: 'SerializationException', message: expect.any(String) });
  });

  it('when the target uses the short service name current SDKs send, answers the page', async () => {
    const res = await post('{}', { 'x-amz-target': 'CloudTrail_20131101.LookupEvents' });

    expect(res.status).toBe(200);
  });

  it('when the target names another operation, answers UnknownOperationException', async () => {
    const res = await post('{}', {
      'x-amz-target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.DeleteTrail',
    });

    expect(res.status).toBe(400);
    expect(res.body.__type).toBe('UnknownOperationException');
  });

  it('when the request is not signed, answers 403 MissingAuthenticationTokenException', async () => {
    const res = await post('{}', { authorization: '' });

    expect(res.status).toBe(403);
    expect(res.body.__type).toBe('MissingAuthenticationTokenException');
  });

  it('when the signature is not SigV4 for cloudtrail, answers IncompleteSignatureException', async () => {
    const res = await post('{}', { authorization: AUTH.replace('/cloudtrail/', '/s3/') });

    expect(res.status).toBe(400);
    expect(res.body.__type).toBe('IncompleteSignatureException');
  });

  it('when the body is an empty JSON object, answers 200 with an empty page', async () => {
    const res = await post('{}', {});

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ Events: [] });
  });
});
