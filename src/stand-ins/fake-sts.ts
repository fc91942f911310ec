/**
 * A local STS that the real @aws-sdk/client-sts talks to: the AWS query protocol (form-encoded POST,
 * XML answers) on 127.0.0.1, with AssumeRole (refusals, required ExternalId) and GetCallerIdentity.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  authenticateQueryRequest,
  type Clock,
  type KeyIdentity,
  type KeyResolver,
  listenLocal,
  parseSigV4,
  readBody,
  requestId,
  resolveTestKey,
  send,
} from './aws-wire.js';

export interface RecordedStsCall {
  action: string;
  params: Record<string, string>;
  region: string;
  /** The ARN of the caller, when its key was known. */
  callerArn?: string;
  status: number;
  errorCode?: string;
  at: number;
}

export interface FakeStsOptions {
  /** Role ARNs whose trust policy refuses every caller: AssumeRole answers AccessDenied (403). */
  refuse?: string[];
  /** Role ARN -> the ExternalId its trust policy requires (sts:ExternalId condition). */
  externalIds?: Record<string, string>;
  clock?: Clock;
  /** Who may call STS; defaults to the static test key. Keys minted by AssumeRole are added to it. */
  resolveKey?: KeyResolver;
}

export interface FakeSts {
  endpoint: string;
  calls: RecordedStsCall[];
  /** Resolves the static keys and every session this fake minted: pass it to startFakeCloudTrail. */
  resolveKey: KeyResolver;
  close(): Promise<void>;
}

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const VERSION = '2011-06-15';
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

class StsFault extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

interface Session extends KeyIdentity {
  sessionToken: string;
}

export async function startFakeSts(options: FakeStsOptions = {}): Promise<FakeSts> {
  const clock = options.clock ?? Date.now;
  const baseResolver = options.resolveKey ?? resolveTestKey;
  const sessions = new Map<string, Session>();
  const calls: RecordedStsCall[] = [];
  let minted = 0;

  const resolveKey: KeyResolver = (accessKeyId, sessionToken) => {
    const session = sessions.get(accessKeyId);
    if (session) return session.sessionToken === sessionToken ? session : undefined;
    return baseResolver(accessKeyId, sessionToken);
  };

  function assumeRole(caller: KeyIdentity, params: Record<string, string>): string {
    const roleArn = required(params, 'RoleArn');
    const sessionName = required(params, 'RoleSessionName');
    const role = ROLE_ARN.exec(roleArn);
    if (!role) throw new StsFault('ValidationError', `${roleArn} is not a valid role ARN.`);
    if (!SESSION_NAME.test(sessionName)) throw new StsFault('ValidationError', 'Invalid RoleSessionName.');
    const duration = Number(params.DurationSeconds ?? 3600);
    if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
      throw new StsFault('ValidationError', 'DurationSeconds must be between 900 and 43200.');
    }
    const wantedExternalId = options.externalIds?.[roleArn];
    const refused =
      options.refuse?.includes(roleArn) ||
      (wantedExternalId !== undefined && params.ExternalId !== wantedExternalId);
    if (refused) {
      throw new StsFault(
        'AccessDenied',
        `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        403,
      );
    }
    minted += 1;
    const n = String(minted).padStart(12, '0');
    const accessKeyId = `ASIAFAKE${n}`;
    const arn = `arn:aws:sts::${role[1]}:assumed-role/${role[2]}/${sessionName}`;
    const sessionToken = `FAKE-SESSION-TOKEN-${n}-${Buffer.from(arn).toString('base64')}`;
    sessions.set(accessKeyId, { accountId: role[1] ?? '', arn, sessionToken });
    return result('AssumeRole', [
      '<Credentials>',
      el('AccessKeyId', accessKeyId),
      el('SecretAccessKey', `fake-session-secret-${n}`),
      el('SessionToken', sessionToken),
      el('Expiration', new Date(clock() + duration * 1000).toISOString()),
      '</Credentials>',
      `<AssumedRoleUser>${el('Arn', arn)}${el('AssumedRoleId', `AROAFAKEROLE${n.slice(-8)}:${sessionName}`)}</AssumedRoleUser>`,
      el('PackedPolicySize', '0'),
    ]);
  }

  function callerIdentity(caller: KeyIdentity, accessKeyId: string): string {
    const assumed = sessions.get(accessKeyId);
    const userId = assumed
      ? `AROAFAKEROLE${accessKeyId.slice(-8)}:${assumed.arn.split('/').pop()}`
      : 'AIDAFAKETESTUSER0001';
    return result('GetCallerIdentity', [
      el('UserId', userId),
      el('Account', caller.accountId),
      el('Arn', caller.arn),
    ]);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const params = Object.fromEntries(new URLSearchParams(body));
    const scope = parseSigV4(req.headers.authorization);
    const call: RecordedStsCall = {
      action: params.Action ?? '',
      params,
      region: scope?.region ?? '',
      status: 200,
      at: clock(),
    };
    try {
      const caller = authenticateQueryRequest(
        req,
        'sts',
        resolveKey,
        (code, message, status) => new StsFault(code, message, status),
      );
      call.callerArn = caller.arn;
      if (req.method !== 'POST' || params.Version !== VERSION) {
        throw new StsFault(
          'InvalidAction',
          `Could not find operation ${call.action} for version ${params.Version ?? '(none)'}`,
        );
      }
      const xml =
        call.action === 'AssumeRole'
          ? assumeRole(caller, params)
          : call.action === 'GetCallerIdentity'
            ? callerIdentity(caller, scope?.accessKeyId ?? '')
            : undefined;
      if (xml === undefined) {
        throw new StsFault('InvalidAction', `Could not find operation ${call.action} for version ${VERSION}`);
      }
      sendXml(res, 200, xml);
    } catch (error) {
      const fault =
        error instanceof StsFault ? error : new StsFault('InternalFailure', String(error), 500, 'Receiver');
      call.status = fault.status;
      call.errorCode = fault.code;
      sendXml(res, fault.status, errorXml(fault));
    } finally {
      calls.push(call);
    }
  }

  const server = await listenLocal(handle, (res, error) =>
    sendXml(res, 500, errorXml(new StsFault('InternalFailure', String(error), 500, 'Receiver'))),
  );
  return { endpoint: server.endpoint, calls, resolveKey, close: () => server.close() };
}

function required(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (!value) {
    throw new StsFault(
      'ValidationError',
      `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function el(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}

/** Query protocol success: <{Op}Response xmlns><{Op}Result>…</{Op}Result><ResponseMetadata><RequestId>. */
function result(operation: string, inner: string[]): string {
  return [
    `<${operation}Response xmlns="${XMLNS}">`,
    `<${operation}Result>${inner.join('')}</${operation}Result>`,
    `<ResponseMetadata>${el('RequestId', requestId())}</ResponseMetadata>`,
    `</${operation}Response>`,
  ].join('');
}

/** Query protocol error: <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>. */
function errorXml(fault: StsFault): string {
  const error = `<Error>${el('Type', fault.type)}${el('Code', fault.code)}${el('Message', fault.message)}</Error>`;
  return `<ErrorResponse xmlns="${XMLNS}">${error}${el('RequestId', requestId())}</ErrorResponse>`;
}

function sendXml(res: ServerResponse, status: number, xml: string): void {
  send(res, status, xml, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId() });
}
