/**
 * The demo's Slack stand-in page: the channel, its threads, the App Home and modals as the Slack stand-in
 * holds them, rendered for one demo user at a time. What the visitor does goes to the bot the way Slack
 * sends it: a block_actions, view_submission, slash command or app_home_opened request, signed with the
 * demo's signing secret and posted to Bolt's /slack/events.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeSlack } from '../../stand-ins/fake-slack.js';
import {
  blockActionsBody,
  postSigned,
  slashCommandBody,
  viewSubmissionBody,
} from '../../stand-ins/slack-requests.js';
import { SLACK_PAGE_HTML } from './page-assets.js';
import { type PageUser, type ResponseTarget, renderSurfaces } from './render-surfaces.js';

export type { PageUser } from './render-surfaces.js';

export interface SlackPageOptions {
  slack: FakeSlack;
  /** Bolt's HTTP receiver: `…/slack/events`. */
  eventsUrl: string;
  signingSecret: string;
  users: PageUser[];
  /** Channels shown as tabs, first one first: id and name. */
  channels: { id: string; name: string }[];
  port: number;
  host?: string;
  /** Told of each request the visitor makes, for the terminal. */
  onVisitor?: (what: string) => void;
}

export interface SlackPage {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request too large');
    chunks.push(chunk as Buffer);
  }
  const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  if (!parsed || typeof parsed !== 'object') throw new Error('expected a JSON object');
  return parsed as Record<string, unknown>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export async function startSlackPage(options: SlackPageOptions): Promise<SlackPage> {
  const { slack, signingSecret } = options;
  const userIds = new Set(options.users.map((user) => user.id));
  const responses = new Map<string, ResponseTarget>();
  const closedViews = new Set<string>();
  const dismissed = new Set<string>();
  let sequence = 0;

  const nextTrigger = (user: string) => `demo.${user}.${++sequence}`;
  function responseUrl(target: ResponseTarget): string {
    const id = `r${++sequence}`;
    responses.set(id, target);
    return slack.responseUrl(id);
  }
  const post = (body: string) => postSigned(options.eventsUrl, body, { secret: signingSecret });

  function userOf(body: Record<string, unknown>): string {
    const user = str(body.user);
    if (!user || !userIds.has(user)) throw new Error('unknown demo user');
    return user;
  }

  async function action(body: Record<string, unknown>): Promise<unknown> {
    const user = userOf(body);
    const surface = (body.surface ?? {}) as Record<string, string | undefined>;
    const act = (body.action ?? {}) as Record<string, unknown>;
    const actionId = str(act.action_id);
    if (!actionId) throw new Error('action_id is missing');
    const selected = str(act.selected_value);
    const input = {
      action_id: actionId,
      ...(str(act.value) !== undefined ? { value: str(act.value) } : {}),
      ...(str(act.block_id) ? { block_id: str(act.block_id) } : {}),
      ...(selected !== undefined
        ? {
            type: 'static_select',
            selected_option: {
              value: selected,
              text: { type: 'plain_text' as const, text: str(act.selected_text) ?? selected },
            },
          }
        : {}),
    };
    const trigger_id = nextTrigger(user);
    options.onVisitor?.(`${user} pressed ${actionId}`);
    if (surface.type === 'view') {
      return post(
        blockActionsBody({
          user,
          actions: [input],
          trigger_id,
          container: { type: 'view', view_id: surface.viewId },
          response_url: responseUrl({ user, channel: options.channels[0]?.id ?? '' }),
        }),
      );
    }
    const channel = surface.channel ?? options.channels[0]?.id ?? '';
    const threadTs = surface.threadTs || undefined;
    if (surface.type === 'ephemeral') {
      return post(
        blockActionsBody({
          user,
          channel,
          actions: [input],
          trigger_id,
          container: {
            type: 'message',
            channel_id: channel,
            is_ephemeral: true,
            message_ts: surface.ts ?? '',
          },
          response_url: responseUrl({
            user,
            channel,
            ...(threadTs ? { threadTs } : {}),
            ...(surface.key ? { origin: surface.key } : {}),
          }),
        }),
      );
    }
    const ts = surface.ts ?? '';
    const message = slack
      .messages(channel)
      .flatMap((m) => [m, ...m.replies])
      .find((m) => m.ts === ts);
    return post(
      blockActionsBody({
        user,
        channel,
        actions: [input],
        trigger_id,
        message: {
          ts,
          ...(message?.thread_ts ? { thread_ts: message.thread_ts } : {}),
          text: message?.text ?? '',
          blocks: message?.blocks ?? [],
        },
        response_url: responseUrl({ user, channel, ...(threadTs ? { threadTs } : {}) }),
      }),
    );
  }

  async function command(body: Record<string, unknown>): Promise<unknown> {
    const user = userOf(body);
    const text = str(body.text) ?? '';
    const channel = options.channels[0];
    options.onVisitor?.(`${user} typed /trail ${text}`);
    return post(
      slashCommandBody({
        text,
        user_id: user,
        user_name: options.users.find((u) => u.id === user)?.name ?? user,
        channel_id: channel?.id ?? '',
        channel_name: channel?.name ?? '',
        response_url: responseUrl({ user, channel: channel?.id ?? '' }),
        trigger_id: nextTrigger(user),
      }),
    );
  }

  async function submit(body: Record<string, unknown>): Promise<unknown> {
    const user = userOf(body);
    const viewId = str(body.viewId) ?? '';
    const stored = slack.views().find((view) => view.id === viewId);
    if (!stored) throw new Error('no such view');
    options.onVisitor?.(`${user} submitted ${String(stored.view.callback_id ?? 'a modal')}`);
    const answer = await post(
      viewSubmissionBody({
        user,
        view_id: viewId,
        callback_id: String(stored.view.callback_id ?? ''),
        private_metadata: String(stored.view.private_metadata ?? ''),
        values: (body.values ?? {}) as Record<string, Record<string, Record<string, unknown>>>,
        trigger_id: nextTrigger(user),
      }),
    );
    // Bolt answers a refused submission with `response_action: errors`; an empty 200 closes the modal.
    const reply = answer.body as { response_action?: string } | string;
    const refused = typeof reply === 'object' && reply?.response_action === 'errors';
    if (answer.status === 200 && !refused) closedViews.add(viewId);
    return answer;
  }

  async function homeOpened(body: Record<string, unknown>): Promise<unknown> {
    const user = userOf(body);
    const now = Date.now();
    // The Events API's envelope around app_home_opened, as Slack posts it (JSON, signed the same way).
    return post(
      JSON.stringify({
        token: 'demo-verification-token',
        team_id: 'T0TRAILW',
        api_app_id: 'A0TRAILW',
        type: 'event_callback',
        event_id: `Ev${++sequence}`,
        event_time: Math.floor(now / 1000),
        event: {
          type: 'app_home_opened',
          user,
          channel: `D${user.slice(1)}`,
          tab: 'home',
          event_ts: `${now / 1000}`,
        },
      }),
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(SLACK_PAGE_HTML);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/state') {
      const user = url.searchParams.get('user') || options.users[0]?.id || '';
      if (!userIds.has(user)) return sendJson(res, 400, { error: 'unknown demo user' });
      return sendJson(res, 200, {
        users: options.users,
        ...renderSurfaces({
          slack,
          user,
          users: options.users,
          channels: options.channels,
          responses,
          closedViews,
          dismissed,
        }),
      });
    }
    if (req.method !== 'POST') return sendJson(res, 404, { error: 'not found' });
    const body = await readJson(req);
    const routes: Record<string, (body: Record<string, unknown>) => Promise<unknown>> = {
      '/action': action,
      '/command': command,
      '/submit': submit,
      '/home': homeOpened,
      '/close': async (b) => {
        closedViews.add(str(b.viewId) ?? '');
        return { status: 200 };
      },
      '/dismiss': async (b) => {
        dismissed.add(str(b.key) ?? '');
        return { status: 200 };
      },
    };
    const route = routes[url.pathname];
    if (!route) return sendJson(res, 404, { error: 'not found' });
    const answer = (await route(body)) as { status: number; body?: unknown };
    sendJson(res, 200, { status: answer.status, body: answer.body ?? '' });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => sendJson(res, 400, { error: (error as Error).message }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
