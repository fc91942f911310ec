/** Wire helpers shared by the AWS fakes: a 127.0.0.1 listener, request bodies, SigV4 header parsing. */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TEST_ACCESS_KEY_ID, TEST_ACCOUNT_ID, TEST_USER_ARN } from './aws-test-credentials.js';

export type Clock = () => number;

/** Who a signing key belongs to, as the real service would learn from IAM. */
export interface KeyIdentity {
  accountId: string;
  arn: string;
}

/** Maps an access key id (and its session token, for ASIA keys) to an identity; undefined = unknown key. */
export type KeyResolver = (accessKeyId: string, sessionToken: string | undefined) => KeyIdentity | undefined;

/** Knows only the static test key (see aws-test-credentials.ts). */
export const resolveTestKey: KeyResolver = (accessKeyId) =>
  accessKeyId === TEST_ACCESS_KEY_ID ? { accountId: TEST_ACCOUNT_ID, arn: TEST_USER_ARN } : undefined;

export interface SigV4Scope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

/**
 * Reads the credential scope of a SigV4 Authorization header:
 * `AWS4-HMAC-SHA256 Credential=<key>/<yyyymmdd>/<region>/<service>/aws4_request, SignedHeaders=…, Signature=…`.
 * The fakes check that the request is signed this way and by whom, but do not recompute the signature:
 * the secret is a published test constant, so verifying the HMAC would prove nothing about our code.
 */
export function parseSigV4(header: string | undefined): SigV4Scope | undefined {
  if (!header?.startsWith('AWS4-HMAC-SHA256 ')) return undefined;
  const match = /Credential=([^/\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/.exec(header);
  if (!match || !/SignedHeaders=[^,\s]+/.test(header) || !/Signature=[0-9a-f]{64}/.test(header))
    return undefined;
  const [, accessKeyId = '', date = '', region = '', service = ''] = match;
  return { accessKeyId, date, region, service };
}

export function requestId(): string {
  return randomUUID();
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-length': Buffer.byteLength(body).toString(), ...headers });
  res.end(body);
}

export interface LocalServer {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 on a free port. A handler that throws answers 500 so a test fails fast instead
 * of hanging; `onInternalError` turns that body into the protocol's error shape.
 */
export async function listenLocal(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  onInternalError: (res: ServerResponse, error: unknown) => void,
): Promise<LocalServer> {
  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent) onInternalError(res, error);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // The SDK keeps connections alive; without this close() would wait for them to time out.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * The query-protocol services' (IAM, STS) check of who signed a request, with their error codes; `fault`
 * builds the service's own error from (code, message, HTTP status).
 */
export function authenticateQueryRequest(
  req: IncomingMessage,
  service: string,
  resolveKey: KeyResolver,
  fault: (code: string, message: string, status?: number) => Error,
): KeyIdentity {
  if (!req.headers.authorization) {
    throw fault('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
  }
  const scope = parseSigV4(req.headers.authorization);
  if (scope?.service !== service || !req.headers['x-amz-date']) {
    throw fault('IncompleteSignature', 'The request signature does not conform to AWS standards.');
  }
  const token = req.headers['x-amz-security-token'];
  const identity = resolveKey(scope.accessKeyId, typeof token === 'string' ? token : undefined);
  if (!identity) {
    throw fault('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  }
  return identity;
}
