/** Builds and posts correctly signed inbound Slack requests (slash commands, block actions, view submissions). */
import { createHmac } from 'node:crypto';

/** An obviously fake signing secret for tests. */
export const TEST_SIGNING_SECRET = 'test-signing-secret-not-a-real-one';
const TEAM = { id: 'T0TRAILW', domain: 'trailwatch-test' };
const APP_ID = 'A0TRAILW';

export interface SlackSignatureHeaders {
  'X-Slack-Signature': string;
  'X-Slack-Request-Timestamp': string;
}

/** Slack signs `v0:{timestamp}:{raw body}` with HMAC-SHA256 of the signing secret, hex, prefixed `v0=`. */
export function signSlackRequest(
  secret: string,
  rawBody: string,
  timestampSeconds: number,
): SlackSignatureHeaders {
  const digest = createHmac('sha256', secret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex');
  return { 'X-Slack-Signature': `v0=${digest}`, 'X-Slack-Request-Timestamp': String(timestampSeconds) };
}

export interface SlashCommandInput {
  command?: string;
  text?: string;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  team_id?: string;
  response_url?: string;
  trigger_id?: string;
}

/** A slash command as Slack posts it: form-urlencoded fields. */
export function slashCommandBody(input: SlashCommandInput = {}): string {
  return new URLSearchParams({
    token: 'fake-verification-token',
    team_id: input.team_id ?? TEAM.id,
    team_domain: TEAM.domain,
    channel_id: input.channel_id ?? 'C0INCIDENT',
    channel_name: input.channel_name ?? 'incidents',
    user_id: input.user_id ?? 'U0RESPONDER',
    user_name: input.user_name ?? 'responder',
    command: input.command ?? '/trail',
    text: input.text ?? '',
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
    response_url: input.response_url ?? 'https://hooks.slack.com/commands/T0TRAILW/1/fake',
    trigger_id: input.trigger_id ?? 'fake-trigger-1',
  }).toString();
}

export interface ActionInput {
  action_id: string;
  value?: string;
  block_id?: string;
  type?: string;
  selected_option?: { value: string; text?: { type: 'plain_text'; text: string } };
}

export interface BlockActionsInput {
  user?: string;
  actions: ActionInput[];
  channel?: string;
  /** The message the buttons sit on; `ts` is what chat.update needs. */
  message?: Record<string, unknown> & { ts: string };
  response_url?: string;
  trigger_id?: string;
  container?: Record<string, unknown>;
}

/** Interactivity payloads arrive form-urlencoded as a single `payload=<json>` field. */
function payloadBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

function userObject(id: string) {
  return { id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: TEAM.id };
}

export function blockActionsBody(input: BlockActionsInput): string {
  const channel = input.channel ?? 'C0INCIDENT';
  const actionTs = `${Math.floor(Date.now() / 1000)}.000100`;
  const messageTs = input.message?.ts;
  return payloadBody({
    type: 'block_actions',
    user: userObject(input.user ?? 'U0RESPONDER'),
    api_app_id: APP_ID,
    token: 'fake-verification-token',
    container: input.container ?? {
      type: 'message',
      channel_id: channel,
      is_ephemeral: false,
      ...(messageTs ? { message_ts: messageTs } : {}),
    },
    trigger_id: input.trigger_id ?? 'fake-trigger-2',
    team: TEAM,
    // A click in a view (App Home, a modal) comes without a channel.
    ...(input.container?.type === 'view' ? {} : { channel: { id: channel, name: 'incidents' } }),
    ...(input.message ? { message: { type: 'message', ...input.message } } : {}),
    response_url: input.response_url ?? 'https://hooks.slack.com/actions/T0TRAILW/2/fake',
    actions: input.actions.map((a) => ({
      block_id: a.block_id ?? 'fake_block',
      type: a.type ?? (a.selected_option ? 'static_select' : 'button'),
      action_ts: actionTs,
      ...a,
    })),
  });
}

export interface ViewSubmissionInput {
  user?: string;
  callback_id: string;
  private_metadata?: string;
  /** state.values: block_id → action_id → {type, value | selected_option …}. */
  values?: Record<string, Record<string, Record<string, unknown>>>;
  view_id?: string;
  trigger_id?: string;
}

export function viewSubmissionBody(input: ViewSubmissionInput): string {
  const viewId = input.view_id ?? 'V0FAKEMODAL';
  return payloadBody({
    type: 'view_submission',
    team: TEAM,
    user: userObject(input.user ?? 'U0RESPONDER'),
    api_app_id: APP_ID,
    token: 'fake-verification-token',
    trigger_id: input.trigger_id ?? 'fake-trigger-3',
    view: {
      id: viewId,
      team_id: TEAM.id,
      type: 'modal',
      callback_id: input.callback_id,
      private_metadata: input.private_metadata ?? '',
      state: { values: input.values ?? {} },
      hash: '1.fake',
      root_view_id: viewId,
      app_id: APP_ID,
    },
    response_urls: [],
  });
}

export interface PostSignedOptions {
  secret: string;
  /** Seconds since the epoch; default now. Older than 5 minutes and Bolt refuses the request. */
  timestamp?: number;
  /** Send a signature that does not match the body. */
  forgeSignature?: boolean;
  /** Sign this body but send `rawBody`: a tampered copy carrying a genuine request's headers. */
  signedBody?: string;
  /** Send no X-Slack-Signature header at all. */
  unsigned?: boolean;
  /** Default: JSON when the body starts with `{`, else form-urlencoded. */
  contentType?: string;
}

export interface SignedResponse {
  status: number;
  /** Parsed JSON, else the text ('' for an empty ack). */
  body: unknown;
  headers: Headers;
}

export async function postSigned(
  url: string,
  rawBody: string,
  options: PostSignedOptions,
): Promise<SignedResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signed = options.signedBody ?? rawBody;
  const headers: Record<string, string> = { ...signSlackRequest(options.secret, signed, timestamp) };
  if (options.forgeSignature) headers['X-Slack-Signature'] = `v0=${'0'.repeat(64)}`;
  if (options.unsigned) delete headers['X-Slack-Signature'];
  headers['Content-Type'] =
    options.contentType ??
    (rawBody.trimStart().startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded');
  const response = await fetch(url, { method: 'POST', headers, body: rawBody });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? '' : JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body, headers: response.headers };
}
