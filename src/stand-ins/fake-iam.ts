/**
 * A local IAM that the real @aws-sdk/client-iam talks to: the AWS query protocol (form-encoded POST,
 * Version=2010-05-08, XML answers) on 127.0.0.1, with users, access keys, inline policies, login
 * profiles and roles per account (the caller's account comes from its signing key), and fault injection.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TEST_ACCOUNT_ID } from './aws-test-credentials.js';
import {
  authenticateQueryRequest,
  type Clock,
  type KeyResolver,
  listenLocal,
  parseSigV4,
  readBody,
  requestId,
  resolveTestKey,
  send,
} from './aws-wire.js';
import { type IamAccount, type IamAccountSeed, IamFault, seedAccount } from './fake-iam-account.js';
import { IAM_HANDLERS } from './fake-iam-handlers.js';

export type { IamAccount, IamAccountSeed } from './fake-iam-account.js';

export interface RecordedIamCall {
  action: string;
  params: Record<string, string>;
  /** The access key id that signed the request. */
  signerKey: string;
  /** The caller's account, when its key was known. */
  accountId?: string;
  status: number;
  errorCode?: string;
}

/** A fault to answer instead of the next call of one action. */
export interface IamFaultSpec {
  /** Throttling (400), NoSuchEntity (404), AccessDenied (403), ServiceFailure (500), … */
  code?: string;
  /** Default: by code; `{status: 500}` alone answers ServiceFailure. */
  status?: number;
  message?: string;
}

export interface FakeIamOptions {
  /** Account id -> what it holds. Default: one empty account, TEST_ACCOUNT_ID. */
  accounts?: Record<string, IamAccountSeed>;
  /** Who may call; the caller's account decides which account's IAM answers. Default: the static test key. */
  resolveKey?: KeyResolver;
  clock?: Clock;
}

export interface FakeIam {
  endpoint: string;
  calls: RecordedIamCall[];
  /** The live state of one account, for assertions and for seeding more. */
  account(accountId: string): IamAccount;
  /** Answers the next call of `action` with this fault instead of running it. */
  failNext(action: string, fault: IamFaultSpec): void;
  close(): Promise<void>;
}

export const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const VERSION = '2010-05-08';
const STATUS_BY_CODE: Record<string, number> = {
  NoSuchEntity: 404,
  AccessDenied: 403,
  ServiceFailure: 500,
  InvalidClientTokenId: 403,
};

export async function startFakeIam(options: FakeIamOptions = {}): Promise<FakeIam> {
  const clock = options.clock ?? Date.now;
  const resolveKey = options.resolveKey ?? resolveTestKey;
  const seeds = options.accounts ?? { [TEST_ACCOUNT_ID]: {} };
  const accounts = new Map<string, IamAccount>(
    Object.entries(seeds).map(([id, seed]) => [id, seedAccount(id, seed, clock)]),
  );
  const faults = new Map<string, IamFaultSpec[]>();
  const calls: RecordedIamCall[] = [];

  function account(accountId: string): IamAccount {
    let found = accounts.get(accountId);
    if (!found) {
      found = seedAccount(accountId, {}, clock);
      accounts.set(accountId, found);
    }
    return found;
  }

  function injected(action: string): IamFault | undefined {
    const spec = faults.get(action)?.shift();
    if (!spec) return undefined;
    const code = spec.code ?? (spec.status && spec.status >= 500 ? 'ServiceFailure' : 'ValidationError');
    const status = spec.status ?? STATUS_BY_CODE[code] ?? 400;
    const message = spec.message ?? (code === 'Throttling' ? 'Rate exceeded' : `injected ${code}`);
    return new IamFault(code, message, status, status >= 500 ? 'Receiver' : 'Sender');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const params = Object.fromEntries(new URLSearchParams(await readBody(req)));
    const scope = parseSigV4(req.headers.authorization);
    const action = params.Action ?? '';
    const call: RecordedIamCall = { action, params, signerKey: scope?.accessKeyId ?? '', status: 200 };
    try {
      const caller = authenticateQueryRequest(
        req,
        'iam',
        resolveKey,
        (code, message, status) => new IamFault(code, message, status),
      );
      call.accountId = caller.accountId;
      const handler = IAM_HANDLERS[action];
      if (req.method !== 'POST' || params.Version !== VERSION || !handler) {
        throw new IamFault('InvalidAction', `Could not find operation ${action} for version ${VERSION}`);
      }
      const fault = injected(action);
      if (fault) throw fault;
      const inner = handler({ account: account(caller.accountId), caller, params, now: clock() });
      sendXml(res, 200, result(action, inner));
    } catch (error) {
      const fault =
        error instanceof IamFault ? error : new IamFault('ServiceFailure', String(error), 500, 'Receiver');
      call.status = fault.status;
      call.errorCode = fault.code;
      sendXml(res, fault.status, errorXml(fault));
    } finally {
      calls.push(call);
    }
  }

  const server = await listenLocal(handle, (res, error) =>
    sendXml(res, 500, errorXml(new IamFault('ServiceFailure', String(error), 500, 'Receiver'))),
  );
  return {
    endpoint: server.endpoint,
    calls,
    account,
    failNext(action, fault) {
      faults.set(action, [...(faults.get(action) ?? []), fault]);
    },
    close: () => server.close(),
  };
}

function el(name: string, text: string): string {
  return `<${name}>${text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`)}</${name}>`;
}

/** Query protocol success: <{Op}Response xmlns><{Op}Result>…</{Op}Result><ResponseMetadata><RequestId>. */
function result(action: string, inner: string): string {
  const body = inner ? `<${action}Result>${inner}</${action}Result>` : '';
  return `<${action}Response xmlns="${IAM_XMLNS}">${body}<ResponseMetadata>${el('RequestId', requestId())}</ResponseMetadata></${action}Response>`;
}

/** Query protocol error: <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>. */
function errorXml(fault: IamFault): string {
  const error = `<Error>${el('Type', fault.type)}${el('Code', fault.code)}${el('Message', fault.message)}</Error>`;
  return `<ErrorResponse xmlns="${IAM_XMLNS}">${error}${el('RequestId', requestId())}</ErrorResponse>`;
}

function sendXml(res: ServerResponse, status: number, xml: string): void {
  send(res, status, xml, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId() });
}
