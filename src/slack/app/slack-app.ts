/**
 * The Bolt app: Socket Mode when an app token is set, else the HTTP receiver, whose request listener the
 * service mounts at /slack/events on its own HTTP server. Listeners are registered by the caller.
 */
import type { RequestListener } from 'node:http';
import { App, HTTPReceiver } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import { boltLogger } from './bolt-logger.js';
import { createBotAuthorize, type SlackOutageReport, slackOutageReason } from './bot-authorize.js';
import type { SlackSettings } from './slack-settings.js';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackApp {
  app: App;
  /** A Web API client holding the bot token (the app's own client has none: see bot-authorize.ts). */
  client: WebClient;
  /** HTTP mode: hand every request to /slack/events to this (signature checked by Bolt). */
  requestListener?: RequestListener;
  /** Socket Mode connects in the background, waiting out a Slack outage; `start` does not wait for it. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface SlackAppOptions {
  settings: SlackSettings;
  logger: Logger;
  /** Told when Slack stops answering and when it answers again. */
  outage?: SlackOutageReport;
  /** Backoff between Socket Mode connection attempts: first and longest wait (default 1 s, 60 s). */
  retryMs?: { first: number; max: number };
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

// Bolt hands this object to every WebClient it makes and fills in defaults it lacks (Socket Mode writes
// 100 retries into it): give it explicit, modest retries.
function clientOptions(settings: SlackSettings): WebClientOptions {
  return {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
  };
}

const abortableSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { settings, outage } = options;
  const logger = boltLogger(options.logger);
  const client = new WebClient(settings.botToken, clientOptions(settings));
  const authorize = createBotAuthorize({
    client,
    botToken: settings.botToken,
    ...(outage ? { outage } : {}),
  });
  if (settings.mode === 'socket') {
    const app = new App({
      authorize,
      appToken: settings.appToken,
      socketMode: true,
      logger,
      clientOptions: clientOptions(settings),
    });
    const stopping = new AbortController();
    const sleep = options.sleep ?? abortableSleep;
    const retry = options.retryMs ?? { first: 1_000, max: 60_000 };
    let connecting: Promise<void> | undefined;

    /** apps.connections.open until it answers: an outage at start is waited out, said once. */
    async function connect(): Promise<void> {
      for (let wait = retry.first; !stopping.signal.aborted; wait = Math.min(wait * 2, retry.max)) {
        try {
          await app.start();
          outage?.up();
          return;
        } catch (error) {
          const reason = slackOutageReason(error);
          if (!reason) {
            options.logger.error({ err: error }, 'Slack refused the Socket Mode connection; not retried');
            return;
          }
          outage?.down(reason);
          await sleep(wait, stopping.signal);
        }
      }
    }
    return {
      app,
      client,
      start: async () => {
        connecting = connect();
      },
      stop: async () => {
        stopping.abort();
        await connecting;
        await app.stop().catch(() => undefined);
      },
    };
  }
  const receiver = new HTTPReceiver({
    signingSecret: settings.signingSecret ?? '',
    endpoints: SLACK_EVENTS_PATH,
    logger,
    // Listeners ack() first and answer after; the HTTP reply goes out at ack().
    processBeforeResponse: false,
  });
  const app = new App({ authorize, receiver, logger, clientOptions: clientOptions(settings) });
  return {
    app,
    client,
    requestListener: receiver.requestListener,
    // The service's HTTP server carries the receiver; nothing to listen on here.
    start: async () => {},
    stop: async () => {},
  };
}
