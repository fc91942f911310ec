/**
 * Bolt's authorization for one bot token, without Bolt's start-time auth.test. Given a `token`, Bolt
 * calls auth.test in its constructor and keeps the promise: when Slack answers 5xx at that moment the
 * rejection goes unhandled (the process exits) and every later event fails on the cached failure. Here
 * auth.test runs when the first request needs it and only a success is kept, so an outage fails the
 * requests that arrive during it and nothing after.
 */
import type { Authorize, AuthorizeResult } from '@slack/bolt';
import { ErrorCode, type WebClient } from '@slack/web-api';

export interface SlackOutageReport {
  /** Slack stopped answering (a 5xx, a lost connection); said once by the receiver. */
  down(reason: string): void;
  up(): void;
}

export interface BotAuthorizeOptions {
  /** A client holding the bot token. */
  client: WebClient;
  botToken: string;
  outage?: SlackOutageReport;
}

export function createBotAuthorize(options: BotAuthorizeOptions): Authorize<boolean> {
  const { client, botToken, outage } = options;
  let known: Promise<Pick<AuthorizeResult, 'botId' | 'botUserId'>> | undefined;

  function identify() {
    known ??= client.auth.test().then(
      (result) => {
        outage?.up();
        return { botId: result.bot_id, botUserId: result.user_id };
      },
      (error: unknown) => {
        known = undefined; // the next request asks again
        const reason = slackOutageReason(error);
        if (reason) outage?.down(reason);
        throw error;
      },
    );
    return known;
  }

  return async ({ isEnterpriseInstall }) => ({ isEnterpriseInstall, botToken, ...(await identify()) });
}

/** `HTTP 503` or `unreachable` when the error says Slack is down; undefined when Slack answered. */
export function slackOutageReason(error: unknown): string | undefined {
  const { code, statusCode } = (error ?? {}) as { code?: string; statusCode?: number };
  if (code === ErrorCode.RequestError) return 'unreachable';
  if (code === ErrorCode.HTTPError && (statusCode === undefined || statusCode >= 500)) {
    return `HTTP ${statusCode ?? '5xx'}`;
  }
  return undefined;
}
