/**
 * The Bolt app: Socket Mode when an app token is set, else the HTTP receiver, whose request listener the
 * service mounts at /slack/events on its own HTTP server. Listeners are registered by the caller.
 */
import type { RequestListener } from 'node:http';
import { App, HTTPReceiver } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import { boltLogger } from './bolt-logger.js';
import type { SlackSettings } from './slack-settings.js';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackApp {
  app: App;
  /** HTTP mode: hand every request to /slack/events to this (signature checked by Bolt). */
  requestListener?: RequestListener;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface SlackAppOptions {
  settings: SlackSettings;
  logger: Logger;
}

// Bolt hands this object to every WebClient it makes and fills in defaults it lacks (Socket Mode writes
// 100 retries into it): give it explicit, modest retries.
function clientOptions(settings: SlackSettings): WebClientOptions {
  return {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
  };
}

export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { settings } = options;
  const logger = boltLogger(options.logger);
  if (settings.mode === 'socket') {
    const app = new App({
      token: settings.botToken,
      appToken: settings.appToken,
      socketMode: true,
      logger,
      clientOptions: clientOptions(settings),
    });
    return {
      app,
      start: async () => {
        await app.start();
      },
      stop: async () => {
        await app.stop();
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
  const app = new App({ token: settings.botToken, receiver, logger, clientOptions: clientOptions(settings) });
  return {
    app,
    requestListener: receiver.requestListener,
    // The service's HTTP server carries the receiver; nothing to listen on here.
    start: async () => {},
    stop: async () => {},
  };
}
