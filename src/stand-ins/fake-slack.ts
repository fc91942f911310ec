/** A fake Slack Web API on 127.0.0.1:0 for the real WebClient: records calls, keeps messages, injects faults. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLocal, readBody, send } from './aws-wire.js';
import { SlackApi } from './slack-api.js';
import { dmChannelFor } from './slack-chat-methods.js';
import {
  type ChannelRate,
  ChannelRateLimiter,
  FaultQueue,
  type FaultReply,
  type SlackFault,
} from './slack-faults.js';
import {
  type MessageView,
  SlackMessageStore,
  type StoredEphemeral,
  type StoredView,
} from './slack-message-store.js';
import { type ResponseUrlPost, ResponseUrls } from './slack-response-urls.js';
import { createTsSource, parseSlackArgs, type SlackArgs, sendSlackJson, tokenOf } from './slack-wire.js';
import {
  type FakeSlackTeam,
  type FakeSlackUser,
  fail,
  type SlackWorkspace,
  TEST_APP_TOKEN,
  TEST_BOT_TOKEN,
} from './slack-workspace.js';

export type { SlackFault } from './slack-faults.js';
export type { FakeSlackUser } from './slack-workspace.js';
export { TEST_APP_TOKEN, TEST_BOT_TOKEN } from './slack-workspace.js';

export interface FakeSlackOptions {
  /** Bot tokens the fake accepts; default [TEST_BOT_TOKEN]. Any other token answers `invalid_auth`. */
  botTokens?: string[];
  /** App-level tokens (for apps.connections.open); default [TEST_APP_TOKEN]. */
  appTokens?: string[];
  team?: FakeSlackTeam;
  appId?: string;
  botUserId?: string;
  botId?: string;
  /** Users for users.info / users.lookupByEmail; when given, unknown users are refused elsewhere too. */
  users?: FakeSlackUser[];
  /** Usergroup id (S…) → member user ids, for usergroups.users.list. */
  usergroups?: Record<string, string[]>;
  /** Enforce Slack's per-channel chat.postMessage rate (answer 429 + Retry-After over it). */
  channelRate?: ChannelRate;
  /** Milliseconds since the epoch; drives message ts, the rate window and response_url expiry. */
  clock?: () => number;
}

export interface SlackCall {
  method: string;
  token: string | undefined;
  /** Arguments as Slack parsed them: blocks, attachments and view decoded from their JSON strings. */
  args: SlackArgs;
  at: number;
  /** HTTP status the fake answered (200, 429, 5xx). */
  status: number;
  /** The `error` of an `ok:false` answer. */
  error?: string;
  response: unknown;
}

/** Where apps.connections.open sends Socket Mode clients (see fake-socket-mode.ts). */
export interface SocketModeEndpoint {
  readonly url: string;
}

export interface FakeSlack {
  /** For WebClient's `slackApiUrl`: `http://127.0.0.1:PORT/api/`. */
  readonly apiUrl: string;
  readonly calls: readonly SlackCall[];
  callsTo(method: string): SlackCall[];
  /** Resolves with the calls once `count` calls to `method` (any outcome) have arrived. */
  waitFor(method: string, count: number, timeoutMs?: number): Promise<SlackCall[]>;
  /** A channel's top-level messages as they are now (after updates), each with its thread replies. */
  messages(channel: string): MessageView[];
  ephemerals(channel?: string): StoredEphemeral[];
  views(): StoredView[];
  /** The DM channel conversations.open returns for a user. */
  dmChannelFor(userId: string): string;
  responseUrl(id: string): string;
  responses(id: string): ResponseUrlPost[];
  /** Resolves with the posts once `count` posts to response_url `id` have arrived. */
  waitForResponses(id: string, count: number, timeoutMs?: number): Promise<ResponseUrlPost[]>;
  failNext(method: string, fault: SlackFault, times?: number): void;
  /** Slack down: every Web API call answers `fault` (say `{status: 500}`) until `outage(undefined)`. */
  outage(fault: SlackFault | undefined): void;
  attachSocketMode(endpoint: SocketModeEndpoint | undefined): void;
  close(): Promise<void>;
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const clock = options.clock ?? Date.now;
  const store = new SlackMessageStore();
  const faults = new FaultQueue();
  const responseUrls = new ResponseUrls(clock);
  const calls: SlackCall[] = [];
  const waiters = new Set<() => void>();
  let socketMode: SocketModeEndpoint | undefined;
  const api = new SlackApi({
    workspace: buildWorkspace(options, store, clock, () => socketMode?.url),
    botTokens: new Set(options.botTokens ?? [TEST_BOT_TOKEN]),
    appTokens: new Set(options.appTokens ?? [TEST_APP_TOKEN]),
    faults,
    rate: options.channelRate ? new ChannelRateLimiter(options.channelRate, clock) : undefined,
  });

  function record(call: SlackCall): void {
    calls.push(call);
    for (const wake of [...waiters]) wake();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      const { call, reply } = await apiCall(req, url, api, clock);
      record(call);
      sendSlackJson(res, reply.status, reply.body, reply.headers);
      return;
    }
    if (url.pathname.startsWith('/response/') && req.method === 'POST') {
      const reply = responseUrls.accept(decodeURIComponent(url.pathname.slice(10)), await readBody(req));
      for (const wake of [...waiters]) wake();
      if (typeof reply.body === 'string')
        send(res, reply.status, reply.body, { 'content-type': 'text/plain' });
      else sendSlackJson(res, reply.status, reply.body);
      return;
    }
    send(res, 404, 'not_found', { 'content-type': 'text/plain' });
  }

  const server = await listenLocal(handle, (res, error) =>
    sendSlackJson(res, 500, { ok: false, error: 'fake_internal_error', detail: String(error) }),
  );
  const callsTo = (method: string) => calls.filter((c) => c.method === method);

  return {
    apiUrl: `${server.endpoint}/api/`,
    calls,
    callsTo,
    waitFor: (method, count, timeoutMs = 5000) =>
      waitUntil(waiters, () => callsTo(method), count, `${method} call(s)`, timeoutMs),
    messages: (channel) => store.messages(channel),
    ephemerals: (channel) =>
      structuredClone(store.ephemerals.filter((e) => channel === undefined || e.channel === channel)),
    views: () => structuredClone([...store.views.values()]),
    dmChannelFor,
    responseUrl: (id) => {
      responseUrls.issue(id);
      return `${server.endpoint}/response/${encodeURIComponent(id)}`;
    },
    responses: (id) => responseUrls.postsTo(id),
    waitForResponses: (id, count, timeoutMs = 5000) =>
      waitUntil(waiters, () => responseUrls.postsTo(id), count, `post(s) to response_url ${id}`, timeoutMs),
    failNext: (method, fault, times = 1) => faults.push(method, fault, times),
    outage: (fault) => faults.outage(fault),
    attachSocketMode: (endpoint) => {
      socketMode = endpoint;
    },
    close: () => server.close(),
  };
}

/** Parses and answers one Web API call; the SlackCall is what the fake records. */
async function apiCall(
  req: IncomingMessage,
  url: URL,
  api: SlackApi,
  clock: () => number,
): Promise<{ call: SlackCall; reply: FaultReply }> {
  const method = decodeURIComponent(url.pathname.slice('/api/'.length));
  const raw = await readBody(req);
  let args: SlackArgs | undefined;
  try {
    args = parseSlackArgs(req.headers['content-type'], raw, url.searchParams);
  } catch {
    // Only a body that does not parse lands here; a handler bug answers 500 via listenLocal.
  }
  const reply: FaultReply = args
    ? api.answer(method, tokenOf(req, args), args)
    : { status: 200, body: fail('invalid_json'), headers: {} };
  args ??= {};
  const token = tokenOf(req, args);
  const { token: _bodyToken, ...recordedArgs } = args;
  const body = reply.body as { ok?: boolean; error?: string };
  const error = body.ok === false && body.error ? { error: body.error } : {};
  const call = {
    method,
    token,
    args: recordedArgs,
    at: clock(),
    status: reply.status,
    ...error,
    response: body,
  };
  return { call, reply };
}

function buildWorkspace(
  options: FakeSlackOptions,
  store: SlackMessageStore,
  clock: () => number,
  socketModeUrl: () => string | undefined,
): SlackWorkspace {
  return {
    team: options.team ?? { id: 'T0TRAILW', name: 'Trailwatch Test', domain: 'trailwatch-test' },
    appId: options.appId ?? 'A0TRAILW',
    botUserId: options.botUserId ?? 'U0TRAILBOT',
    botId: options.botId ?? 'B0TRAILBOT',
    users: options.users ?? [],
    usergroups: options.usergroups ?? {},
    store,
    clock,
    nextTs: createTsSource(clock),
    socketModeUrl,
  };
}

function waitUntil<T>(
  waiters: Set<() => void>,
  current: () => T[],
  count: number,
  what: string,
  timeoutMs: number,
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const got = current();
      if (got.length < count) return;
      waiters.delete(check);
      clearTimeout(timer);
      resolve(got);
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`fake Slack: waited ${timeoutMs} ms for ${count} ${what}, got ${current().length}`));
    }, timeoutMs);
    waiters.add(check);
    check();
  });
}
