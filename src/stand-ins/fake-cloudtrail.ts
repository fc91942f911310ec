/**
 * A local CloudTrail that the real @aws-sdk/client-cloudtrail talks to: AWS JSON 1.1 over HTTP on
 * 127.0.0.1, LookupEvents with real paging, 2 req/s throttling per account and region, and delivery delay.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type Clock,
  type KeyResolver,
  listenLocal,
  parseSigV4,
  readBody,
  requestId,
  resolveTestKey,
  send,
} from './aws-wire.js';
import { type AddOptions, CloudTrailFault, EventHistory, type LookupParams } from './cloudtrail-store.js';
import { type RateLimit, TokenBuckets } from './token-bucket.js';

export interface RecordedCall {
  /** From the SigV4 credential scope. */
  region: string;
  account: string;
  accessKeyId: string;
  /** The operation named by X-Amz-Target, after its last '.'. */
  operation: string;
  params: LookupParams;
  status: number;
  /** The error's `__type`, when the call failed. */
  errorType?: string;
  /** How many events the page held, when it succeeded. */
  events?: number;
  nextToken?: string;
  /** Fake-clock milliseconds when the call arrived. */
  at: number;
}

export interface FakeCloudTrailOptions {
  /** LookupEvents allows 2 requests per second per account and region; false turns throttling off. */
  throttle?: false | Partial<RateLimit>;
  clock?: Clock;
  /** Who a signing key belongs to; defaults to the static test key in account 123456789012. */
  resolveKey?: KeyResolver;
  /** Called after each call is recorded, e.g. to advance a fake clock when a call is throttled. */
  onCall?: (call: RecordedCall) => void;
}

export interface FakeCloudTrail {
  endpoint: string;
  add(records: readonly Record<string, unknown>[], options?: AddOptions): void;
  calls: RecordedCall[];
  setClock(clock: Clock): void;
  close(): Promise<void>;
}

// Current SDKs send `CloudTrail_20131101.LookupEvents`; older ones the full
// `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents`. Both name the same operation.
const TARGET = /^(?:com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\.(\w+)$/;
const JSON_11 = 'application/x-amz-json-1.1';
const LOOKUP_RATE: RateLimit = { perSecond: 2, burst: 2 };

export async function startFakeCloudTrail(options: FakeCloudTrailOptions = {}): Promise<FakeCloudTrail> {
  let clock: Clock = options.clock ?? Date.now;
  const now = () => clock();
  const history = new EventHistory(now);
  const limit = options.throttle === false ? undefined : { ...LOOKUP_RATE, ...options.throttle };
  const buckets = limit ? new TokenBuckets(limit, now) : undefined;
  const resolveKey = options.resolveKey ?? resolveTestKey;
  const calls: RecordedCall[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const at = now();
    const scope = parseSigV4(req.headers.authorization);
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.split('.').pop() ?? '';
    const call: RecordedCall = {
      region: scope?.region ?? '',
      account: '',
      accessKeyId: scope?.accessKeyId ?? '',
      operation,
      params: {},
      status: 200,
      at,
    };
    try {
      const identity = authenticate(req, scope, resolveKey);
      call.account = identity;
      if (req.method !== 'POST' || !TARGET.test(target) || operation !== 'LookupEvents') {
        throw new CloudTrailFault('UnknownOperationException', `Unknown operation ${target || '(none)'}.`);
      }
      if (!String(req.headers['content-type'] ?? '').startsWith(JSON_11)) {
        throw new CloudTrailFault('SerializationException', `Content-Type must be ${JSON_11}.`);
      }
      call.params = parseParams(body);
      if (buckets && !buckets.take(`${identity}/${call.region}`)) {
        throw new CloudTrailFault('ThrottlingException', 'Rate exceeded');
      }
      const page = history.lookup(identity, call.region, call.params);
      call.events = page.Events.length;
      call.nextToken = page.NextToken;
      send(res, 200, JSON.stringify(page), headers());
    } catch (error) {
      if (!(error instanceof CloudTrailFault)) {
        call.status = 500;
        call.errorType = 'InternalFailure';
        throw error;
      }
      call.status = error.status;
      call.errorType = error.type;
      sendFault(res, error);
    } finally {
      calls.push(call);
      options.onCall?.(call);
    }
  }

  const server = await listenLocal(handle, (res, error) =>
    sendFault(res, new CloudTrailFault('InternalFailure', String(error), 500)),
  );
  return {
    endpoint: server.endpoint,
    add: (records, addOptions) => history.add(records, addOptions),
    calls,
    setClock(next) {
      clock = next;
    },
    close: () => server.close(),
  };
}

/** Returns the caller's account; refuses unsigned, badly signed or unknown-key requests. */
function authenticate(
  req: IncomingMessage,
  scope: ReturnType<typeof parseSigV4>,
  resolveKey: KeyResolver,
): string {
  if (!req.headers.authorization) {
    throw new CloudTrailFault('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
  }
  if (scope?.service !== 'cloudtrail' || !req.headers['x-amz-date']) {
    throw new CloudTrailFault(
      'IncompleteSignatureException',
      'The request signature does not conform to AWS standards.',
    );
  }
  const token = req.headers['x-amz-security-token'];
  const identity = resolveKey(scope.accessKeyId, typeof token === 'string' ? token : undefined);
  if (!identity) {
    throw new CloudTrailFault(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  }
  return identity.accountId;
}

function parseParams(body: string): LookupParams {
  let parsed: unknown;
  try {
    // An operation with no input may be sent as an empty body; the SDK sends '{}'.
    parsed = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    throw new CloudTrailFault(
      'SerializationException',
      'Start of structure or map found where not expected.',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CloudTrailFault('SerializationException', 'Expected a JSON object.');
  }
  return parsed as LookupParams;
}

function headers(): Record<string, string> {
  return { 'content-type': JSON_11, 'x-amzn-requestid': requestId() };
}

/** JSON 1.1 error: the shape name in `__type` (and x-amzn-ErrorType), the text in `message`. */
function sendFault(res: ServerResponse, fault: CloudTrailFault): void {
  const body = JSON.stringify({ __type: fault.type, message: fault.message });
  send(res, fault.status, body, { ...headers(), 'x-amzn-errortype': fault.type });
}
