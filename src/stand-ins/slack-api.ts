/** The fake Slack's Web API dispatch: injected faults, then method lookup, auth, channel rate, handler. */
import { CHAT_METHODS, dmChannelFor } from './slack-chat-methods.js';
import { type ChannelRateLimiter, type FaultQueue, type FaultReply, faultReply } from './slack-faults.js';
import { VIEW_METHODS } from './slack-view-methods.js';
import type { SlackArgs } from './slack-wire.js';
import { fail, type MethodHandler, type SlackCaller, type SlackWorkspace } from './slack-workspace.js';
import { ANY_TOKEN_METHODS, APP_TOKEN_METHODS, WORKSPACE_METHODS } from './slack-workspace-methods.js';

const METHODS: Record<string, MethodHandler> = { ...CHAT_METHODS, ...VIEW_METHODS, ...WORKSPACE_METHODS };

export interface SlackApiParts {
  workspace: SlackWorkspace;
  botTokens: ReadonlySet<string>;
  appTokens: ReadonlySet<string>;
  faults: FaultQueue;
  rate: ChannelRateLimiter | undefined;
}

function ok(body: unknown): FaultReply {
  return { status: 200, body, headers: {} };
}

export class SlackApi {
  constructor(private readonly parts: SlackApiParts) {}

  answer(method: string, token: string | undefined, args: SlackArgs): FaultReply {
    const fault = this.parts.faults.take(method);
    if (fault) return faultReply(fault);
    const handler = METHODS[method];
    if (!handler) return ok(fail('unknown_method'));
    const caller = this.callerOf(token);
    if (typeof caller === 'string') return ok(fail(caller));
    const wanted = APP_TOKEN_METHODS.has(method) ? 'app' : 'bot';
    if (!ANY_TOKEN_METHODS.has(method) && caller.kind !== wanted) return ok(fail('not_allowed_token_type'));
    const limited = this.overRate(method, args);
    if (limited) return limited;
    return ok(handler(args, this.parts.workspace, caller));
  }

  /** A caller, or the error Slack gives for a missing or unknown token. */
  private callerOf(token: string | undefined): SlackCaller | string {
    if (!token) return 'not_authed';
    if (this.parts.botTokens.has(token)) return { token, kind: 'bot' };
    if (this.parts.appTokens.has(token)) return { token, kind: 'app' };
    return 'invalid_auth';
  }

  /** Only chat.postMessage has Slack's per-channel limit; a post to a user id counts against the DM. */
  private overRate(method: string, args: SlackArgs): FaultReply | undefined {
    const channel = args.channel;
    if (method !== 'chat.postMessage' || !this.parts.rate || typeof channel !== 'string') return undefined;
    return this.parts.rate.check(/^[UW]/.test(channel) ? dmChannelFor(channel) : channel);
  }
}
