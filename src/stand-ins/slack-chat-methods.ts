/** The fake's chat.* and conversations.open methods: messages, threads, updates, ephemerals, permalinks. */
import type { StoredMessage } from './slack-message-store.js';
import type { SlackArgs } from './slack-wire.js';
import { fail, type MethodHandler, type SlackResult, stringArg } from './slack-workspace.js';

/** A DM's channel id for a user: posting to a user id lands in that DM, as on Slack. */
export function dmChannelFor(userId: string): string {
  return `D${userId.replace(/^[UW]/, '')}`;
}

function resolveChannel(channel: string): string {
  return /^[UW][A-Z0-9]+$/.test(channel) ? dmChannelFor(channel) : channel;
}

function messageObject(m: StoredMessage): Record<string, unknown> {
  const { channel: _channel, ...rest } = m;
  return { type: 'message', ...structuredClone(rest) };
}

function hasContent(args: SlackArgs): boolean {
  return stringArg(args, 'text') !== undefined || args.blocks !== undefined || args.attachments !== undefined;
}

const postMessage: MethodHandler = (args, ws): SlackResult => {
  const requested = stringArg(args, 'channel');
  if (!requested) return fail('channel_not_found');
  if (!hasContent(args)) return fail('no_text');
  const channel = resolveChannel(requested);
  let threadTs = stringArg(args, 'thread_ts');
  if (threadTs) {
    const parent = ws.store.find(channel, threadTs);
    // Slack threads a reply to a reply under the parent. An unknown thread_ts is refused here
    // (Slack would post a stray reply) so a test that loses track of its parent fails loudly.
    if (!parent) return fail('thread_not_found');
    threadTs = parent.thread_ts ?? parent.ts;
  }
  const message = ws.store.add({
    channel,
    ts: ws.nextTs(),
    text: stringArg(args, 'text'),
    blocks: args.blocks,
    attachments: args.attachments,
    user: ws.botUserId,
    bot_id: ws.botId,
    ...(threadTs ? { thread_ts: threadTs } : {}),
  });
  if (threadTs) {
    const parent = ws.store.find(channel, threadTs);
    if (parent && parent.thread_ts === undefined) parent.thread_ts = parent.ts;
  }
  return { ok: true, channel, ts: message.ts, message: messageObject(message) };
};

const update: MethodHandler = (args, ws) => {
  const channel = stringArg(args, 'channel');
  const ts = stringArg(args, 'ts');
  if (!channel) return fail('channel_not_found');
  if (!ts) return fail('message_not_found');
  if (!hasContent(args)) return fail('no_text');
  const content = { text: stringArg(args, 'text'), blocks: args.blocks, attachments: args.attachments };
  const message = ws.store.update(resolveChannel(channel), ts, content, ws.nextTs());
  if (!message) return fail('message_not_found');
  return {
    ok: true,
    channel: message.channel,
    ts,
    text: message.text ?? '',
    message: messageObject(message),
  };
};

const postEphemeral: MethodHandler = (args, ws) => {
  const channel = stringArg(args, 'channel');
  const user = stringArg(args, 'user');
  if (!channel) return fail('channel_not_found');
  if (!user || (ws.users.length > 0 && !ws.users.some((u) => u.id === user)))
    return fail('user_not_in_channel');
  if (!hasContent(args)) return fail('no_text');
  const messageTs = ws.nextTs();
  ws.store.ephemerals.push({
    channel: resolveChannel(channel),
    user,
    message_ts: messageTs,
    text: stringArg(args, 'text'),
    blocks: args.blocks,
    thread_ts: stringArg(args, 'thread_ts'),
  });
  return { ok: true, message_ts: messageTs };
};

const getPermalink: MethodHandler = (args, ws) => {
  const channel = stringArg(args, 'channel');
  const ts = stringArg(args, 'message_ts');
  if (!channel) return fail('channel_not_found');
  const message = ts ? ws.store.find(resolveChannel(channel), ts) : undefined;
  if (!message) return fail('message_not_found');
  const base = `https://${ws.team.domain}.slack.com/archives/${message.channel}/p${message.ts.replace('.', '')}`;
  const inThread = message.thread_ts !== undefined && message.thread_ts !== message.ts;
  const permalink = inThread ? `${base}?thread_ts=${message.thread_ts}&cid=${message.channel}` : base;
  return { ok: true, channel: message.channel, permalink };
};

const conversationsOpen: MethodHandler = (args, ws) => {
  const channel = stringArg(args, 'channel');
  if (channel) return { ok: true, channel: { id: channel } };
  const users = (stringArg(args, 'users') ?? '').split(',').filter((u) => u !== '');
  if (users.length === 0) return fail('users_list_not_supplied');
  if (ws.users.length > 0 && users.some((id) => !ws.users.some((u) => u.id === id)))
    return fail('user_not_found');
  // One user → an IM (D…); several → a multi-person DM (G…).
  const id = users.length === 1 ? dmChannelFor(users[0] ?? '') : `G${users.map((u) => u.slice(1)).join('')}`;
  return { ok: true, channel: { id } };
};

export const CHAT_METHODS: Record<string, MethodHandler> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
  'chat.getPermalink': getPermalink,
  'conversations.open': conversationsOpen,
};
