/** The Slack tokens and endpoints, from the environment only (never trailwatch.yml, never logged). */
import { z } from 'zod';
import { ConfigError, describeIssues } from '../../config/config-error.js';

export type SlackMode = 'socket' | 'http';

export interface SlackSettings {
  mode: SlackMode;
  botToken: string;
  /** HTTP mode: verifies every request's signature. */
  signingSecret?: string;
  /** Socket Mode (xapp-…). */
  appToken?: string;
  /** Where the Web API is, e.g. a proxy or a test server; default Slack's own. */
  apiUrl?: string;
}

const Env = z
  .object({
    SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'must be a bot token (xoxb-…)'),
    SLACK_SIGNING_SECRET: z.string().min(8, 'must be the app signing secret').optional(),
    SLACK_APP_TOKEN: z
      .string()
      .regex(/^xapp-/, 'must be an app-level token (xapp-…)')
      .optional(),
    SLACK_API_URL: z.url({ error: 'must be a URL such as https://slack.com/api/' }).optional(),
  })
  .superRefine((env, ctx) => {
    if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'is needed for the HTTP receiver (or set SLACK_APP_TOKEN for Socket Mode)',
      });
    }
  });

/** undefined when SLACK_BOT_TOKEN is unset: Slack is off and findings go to the log notifier. */
export function slackSettingsFrom(env: NodeJS.ProcessEnv): SlackSettings | undefined {
  const present = (name: string) => (env[name] ? env[name] : undefined);
  if (!present('SLACK_BOT_TOKEN')) return undefined;
  const parsed = Env.safeParse({
    SLACK_BOT_TOKEN: present('SLACK_BOT_TOKEN'),
    SLACK_SIGNING_SECRET: present('SLACK_SIGNING_SECRET'),
    SLACK_APP_TOKEN: present('SLACK_APP_TOKEN'),
    SLACK_API_URL: present('SLACK_API_URL'),
  });
  if (!parsed.success) {
    // The issues name the variable and the rule, never its value.
    throw new ConfigError(`the Slack environment is not valid:\n${describeIssues(parsed.error, new Map())}`);
  }
  const values = parsed.data;
  // WebClient joins method names onto slackApiUrl: it must end with a slash.
  const url = values.SLACK_API_URL;
  const apiUrl = url && !url.endsWith('/') ? `${url}/` : url;
  return {
    mode: values.SLACK_APP_TOKEN ? 'socket' : 'http',
    botToken: values.SLACK_BOT_TOKEN,
    ...(values.SLACK_SIGNING_SECRET ? { signingSecret: values.SLACK_SIGNING_SECRET } : {}),
    ...(values.SLACK_APP_TOKEN ? { appToken: values.SLACK_APP_TOKEN } : {}),
    ...(apiUrl ? { apiUrl } : {}),
  };
}
