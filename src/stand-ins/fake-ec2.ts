/**
 * A local EC2 that the real @aws-sdk/client-ec2 talks to, for DescribeRegions and security group rules:
 * the EC2 query protocol (form-encoded POST, XML answers with <item> lists and <Response><Errors> faults)
 * on 127.0.0.1.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TEST_ACCOUNT_ID } from './aws-test-credentials.js';
import {
  type KeyIdentity,
  type KeyResolver,
  listenLocal,
  parseSigV4,
  readBody,
  requestId,
  resolveTestKey,
  send,
} from './aws-wire.js';
import {
  createSecurityGroups,
  SecurityGroupFault,
  type SecurityGroupRule,
  type SecurityGroupRuleSeed,
} from './fake-ec2-security-groups.js';

export type { SecurityGroupRule, SecurityGroupRuleSeed } from './fake-ec2-security-groups.js';

export interface RecordedEc2Call {
  action: string;
  params: Record<string, string>;
  region: string;
  /** The account of the signing key, when it was known. */
  account?: string;
  status: number;
  errorCode?: string;
}

export interface FakeEc2Options {
  /** Account id -> regions it has enabled; others get DEFAULT_ENABLED_REGIONS. */
  enabledRegions?: Record<string, string[]>;
  /** Accounts whose callers lack ec2:DescribeRegions: UnauthorizedOperation (403). */
  deny?: string[];
  /** Who may call; pass FakeSts.resolveKey so assumed-role sessions are known. */
  resolveKey?: KeyResolver;
  /** Ingress/egress rules per account and region (default: the test account, us-east-1). */
  securityGroupRules?: SecurityGroupRuleSeed[];
}

export interface FakeEc2 {
  endpoint: string;
  calls: RecordedEc2Call[];
  /** The live rule set: Revoke removes from it, Authorize adds to it; a test may push more. */
  securityGroupRules: SecurityGroupRule[];
  close(): Promise<void>;
}

export const DEFAULT_ENABLED_REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];
/** Opt-in regions: listed with AllRegions=true as not-opted-in unless the account enabled them. */
const OPT_IN_REGIONS = ['af-south-1', 'ap-east-1', 'me-south-1'];
const XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

class Ec2Fault extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export async function startFakeEc2(options: FakeEc2Options = {}): Promise<FakeEc2> {
  const resolveKey = options.resolveKey ?? resolveTestKey;
  const calls: RecordedEc2Call[] = [];
  const groups = createSecurityGroups(options.securityGroupRules ?? [], TEST_ACCOUNT_ID);

  function describeRegions(caller: KeyIdentity, params: Record<string, string>): string {
    if (options.deny?.includes(caller.accountId)) {
      throw new Ec2Fault('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
    }
    const enabled = options.enabledRegions?.[caller.accountId] ?? DEFAULT_ENABLED_REGIONS;
    const all = params.AllRegions === 'true';
    const listed = all ? [...new Set([...enabled, ...OPT_IN_REGIONS])] : enabled;
    const items = listed.map((name) => {
      const status = !OPT_IN_REGIONS.includes(name)
        ? 'opt-in-not-required'
        : enabled.includes(name)
          ? 'opted-in'
          : 'not-opted-in';
      return `<item>${el('regionName', name)}${el('regionEndpoint', `ec2.${name}.amazonaws.com`)}${el('optInStatus', status)}</item>`;
    });
    return `<DescribeRegionsResponse xmlns="${XMLNS}">${el('requestId', requestId())}<regionInfo>${items.join('')}</regionInfo></DescribeRegionsResponse>`;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const params = Object.fromEntries(new URLSearchParams(await readBody(req)));
    const scope = parseSigV4(req.headers.authorization);
    const call: RecordedEc2Call = {
      action: params.Action ?? '',
      params,
      region: scope?.region ?? '',
      status: 200,
    };
    try {
      const caller = authenticate(req, scope, resolveKey);
      call.account = caller.accountId;
      const groupHandler = groups.handlers[call.action];
      if (req.method !== 'POST' || (call.action !== 'DescribeRegions' && !groupHandler)) {
        throw new Ec2Fault(
          'InvalidAction',
          `The action ${call.action || '(none)'} is not valid for this web service.`,
        );
      }
      const xml = groupHandler
        ? groupHandler({ accountId: caller.accountId, region: call.region }, params, requestId())
        : describeRegions(caller, params);
      sendXml(res, 200, xml);
    } catch (error) {
      const fault =
        error instanceof Ec2Fault
          ? error
          : error instanceof SecurityGroupFault
            ? new Ec2Fault(error.code, error.message, error.status)
            : new Ec2Fault('InternalError', String(error), 500);
      call.status = fault.status;
      call.errorCode = fault.code;
      sendXml(res, fault.status, errorXml(fault));
    } finally {
      calls.push(call);
    }
  }

  const server = await listenLocal(handle, (res, error) =>
    sendXml(res, 500, errorXml(new Ec2Fault('InternalError', String(error), 500))),
  );
  return {
    endpoint: server.endpoint,
    calls,
    securityGroupRules: groups.rules,
    close: () => server.close(),
  };
}

/** EC2 answers AuthFailure (401) for an unsigned request, a bad signature or an unknown key. */
function authenticate(
  req: IncomingMessage,
  scope: ReturnType<typeof parseSigV4>,
  resolveKey: KeyResolver,
): KeyIdentity {
  const token = req.headers['x-amz-security-token'];
  const caller =
    scope?.service === 'ec2' && req.headers['x-amz-date']
      ? resolveKey(scope.accessKeyId, typeof token === 'string' ? token : undefined)
      : undefined;
  if (!caller) {
    throw new Ec2Fault('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
  }
  return caller;
}

function el(name: string, text: string): string {
  return `<${name}>${text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`)}</${name}>`;
}

/** EC2's error shape differs from the other query services: <Response><Errors><Error>…</Errors><RequestID>. */
function errorXml(fault: Ec2Fault): string {
  return `<Response><Errors><Error>${el('Code', fault.code)}${el('Message', fault.message)}</Error></Errors>${el('RequestID', requestId())}</Response>`;
}

function sendXml(res: ServerResponse, status: number, xml: string): void {
  send(res, status, xml, { 'content-type': 'text/xml;charset=UTF-8' });
}
