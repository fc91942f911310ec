/** What the fake Slack workspace holds: channel messages with their thread replies, ephemerals, views. */

export interface StoredMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown;
  attachments?: unknown;
  thread_ts?: string;
  /** The bot user that posted it (from auth). */
  user: string;
  bot_id: string;
  /** Set by chat.update: the ts stays, the content changes. */
  edited?: { ts: string };
}

/** A top-level message as a test sees it: its current content and its replies, oldest first. */
export interface MessageView extends StoredMessage {
  replies: StoredMessage[];
}

export interface StoredEphemeral {
  channel: string;
  user: string;
  message_ts: string;
  text?: string;
  blocks?: unknown;
  thread_ts?: string;
}

export interface StoredView {
  id: string;
  type: string;
  hash: string;
  view: Record<string, unknown>;
  /** Set for a published App Home. */
  user_id?: string;
  external_id?: string;
  /** The trigger_id views.open was given: tells whose click opened a modal (the demo page's modals). */
  trigger_id?: string;
}

export type MessageContent = Pick<StoredMessage, 'text' | 'blocks' | 'attachments'>;

export class SlackMessageStore {
  private readonly byChannel = new Map<string, StoredMessage[]>();
  readonly ephemerals: StoredEphemeral[] = [];
  readonly views = new Map<string, StoredView>();
  /** trigger_ids are single-use on Slack (views.open answers `exchanged_trigger_id` the second time). */
  readonly usedTriggers = new Set<string>();

  add(message: StoredMessage): StoredMessage {
    const list = this.byChannel.get(message.channel) ?? [];
    list.push(message);
    this.byChannel.set(message.channel, list);
    return message;
  }

  find(channel: string, ts: string): StoredMessage | undefined {
    return this.byChannel.get(channel)?.find((m) => m.ts === ts);
  }

  update(channel: string, ts: string, content: MessageContent, editedTs: string): StoredMessage | undefined {
    const message = this.find(channel, ts);
    if (!message) return undefined;
    // chat.update replaces what it is given; Slack keeps text when only blocks change.
    if (content.text !== undefined) message.text = content.text;
    if (content.blocks !== undefined) message.blocks = content.blocks;
    if (content.attachments !== undefined) message.attachments = content.attachments;
    message.edited = { ts: editedTs };
    return message;
  }

  /** Top-level messages of a channel, each with its thread replies, in posting order. */
  messages(channel: string): MessageView[] {
    const all = this.byChannel.get(channel) ?? [];
    return all
      .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts)
      .map((parent) => ({
        ...structuredClone(parent),
        replies: all
          .filter((m) => m.thread_ts === parent.ts && m.ts !== parent.ts)
          .map((m) => structuredClone(m)),
      }));
  }

  /** Every channel that holds a message. */
  channels(): string[] {
    return [...this.byChannel.keys()];
  }
}
