/**
 * What moto's S3 lacks for SSE-KMS: it records an object's key id but serves the object whatever the key's
 * state (moto 5.2, tried: GetObject after DisableKey and after ScheduleKeyDeletion returns the plaintext).
 * This stand-in sits in front of moto on 127.0.0.1 and forwards every request, except a GetObject of an
 * object whose KMS key moto's KMS says is disabled or pending deletion: that one is refused the way S3
 * refuses it (HTTP 400, `KMS.DisabledException` / `KMS.KMSInvalidStateException`, the key ARN in the text).
 */
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { testCredentials } from '../../src/stand-ins/aws-test-credentials.js';
import { kmsKeys } from './kms-keys.js';
import { REGION } from './trail-bucket.js';

export interface KmsEnforcingS3 {
  /** http://127.0.0.1:PORT: S3's endpoint for the code under test. */
  endpoint: string;
  /** GetObjects asked for so far, as s3://bucket/key. */
  read: string[];
  /** Those of them refused. */
  refused: string[];
  close(): Promise<void>;
}

const REFUSALS: Record<string, { code: string; says: string }> = {
  Disabled: { code: 'KMS.DisabledException', says: 'is disabled.' },
  PendingDeletion: { code: 'KMS.KMSInvalidStateException', says: 'is pending deletion.' },
};

export async function startKmsEnforcingS3(motoEndpoint: string): Promise<KmsEnforcingS3> {
  const moto = new URL(motoEndpoint);
  const s3 = new S3Client({
    endpoint: motoEndpoint,
    region: REGION,
    credentials: testCredentials,
    forcePathStyle: true,
    maxAttempts: 1,
  });
  const keys = kmsKeys(motoEndpoint);
  const read: string[] = [];
  const refused: string[] = [];

  /** The refusal S3 would give for a path-style GetObject, if the object's key is unusable. */
  async function refusalFor(req: IncomingMessage) {
    const url = new URL(req.url ?? '/', 'http://s3');
    const [, bucket, ...rest] = url.pathname.split('/');
    // The SDK marks GetObject with ?x-id=GetObject; any other parameter is another call (a listing…).
    const other = [...url.searchParams.keys()].some((name) => name !== 'x-id');
    if (req.method !== 'GET' || !bucket || rest.length === 0 || other) return undefined;
    const key = decodeURIComponent(rest.join('/'));
    read.push(`s3://${bucket}/${key}`);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
    if (head?.ServerSideEncryption !== 'aws:kms' || !head.SSEKMSKeyId) return undefined;
    const refusal = REFUSALS[(await keys.state(head.SSEKMSKeyId)) ?? ''];
    if (!refusal) return undefined;
    refused.push(`s3://${bucket}/${key}`);
    return { code: refusal.code, message: `${head.SSEKMSKeyId} ${refusal.says}` };
  }

  function forward(req: IncomingMessage, res: ServerResponse) {
    const upstream = request(
      { host: moto.hostname, port: moto.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }

  const server = createServer((req, res) => {
    refusalFor(req).then(
      (refusal) => {
        if (!refusal) return forward(req, res);
        res.writeHead(400, { 'content-type': 'application/xml' });
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${refusal.code}</Code>` +
            `<Message>${refusal.message}</Message><RequestId>KMSENFORCING</RequestId></Error>`,
        );
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    read,
    refused,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // The SDK keeps connections alive; close() alone would wait for them.
      server.closeAllConnections();
      await closed;
      s3.destroy();
      keys.destroy();
    },
  };
}
