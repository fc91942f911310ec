/** The `slack` and `remediation` sections of trailwatch.yml: channels, routing, who may do what. */
import { z } from 'zod';
import { SEVERITIES } from '../findings/severity.js';

const userId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id such as U0123ABCD');
const groupId = z.string().regex(/^S[A-Z0-9]{2,}$/, 'must be a Slack user-group id such as S0123ABCD');
const channelId = z
  .string()
  .regex(/^[CGD][A-Z0-9]{2,}$/, 'must be a Slack channel id such as C0123ABCD (not a #name)');

/**
 * Who may do a thing: listed users, members of listed user groups (usergroups.users.list), or anyone
 * when `anyone` is set; and, when `channels` is given, only in those channels.
 */
export const AccessRuleSchema = z
  .object({
    anyone: z.boolean().default(false),
    users: z.array(userId).default([]),
    groups: z.array(groupId).default([]),
    channels: z.array(channelId).default([]),
  })
  .strict();
export type AccessRule = z.infer<typeof AccessRuleSchema>;

const rule = AccessRuleSchema.default({ anyone: false, users: [], groups: [], channels: [] });

export const RouteSchema = z
  .object({
    channel: channelId,
    /** Findings at or above this severity. */
    minSeverity: z.enum(SEVERITIES).optional(),
    /** Findings in these accounts. */
    accounts: z.array(z.string().regex(/^\d{12}$/, 'must be a 12-digit account id in quotes')).optional(),
  })
  .strict();

export const SlackConfigSchema = z
  .object({
    channels: z
      .object({
        /** Where findings go when no route matches; without it, unrouted findings are only logged. */
        default: channelId.optional(),
        /** The remediation audit trail (requests, approvals, results). */
        audit: channelId.optional(),
        /** First match wins. */
        routes: z.array(RouteSchema).default([]),
      })
      .strict()
      .default({ routes: [] }),
    /** Findings below this severity are stored but not posted. */
    minSeverity: z.enum(SEVERITIES).default('low'),
    access: z
      .object({
        /** May acknowledge, mark false positive, mute, ask for containment. Nobody by default. */
        responders: rule,
        /** May approve a containment (never their own). Nobody by default. */
        approvers: rule,
        /** Per /trail subcommand (`who-did`, `mute`, …): replaces the default rule for it. */
        commands: z.record(z.string(), AccessRuleSchema).default({}),
        /** Per button (`finding_ack`, `finding_contain`, …): replaces the default rule for it. */
        buttons: z.record(z.string(), AccessRuleSchema).default({}),
      })
      .strict()
      .default({
        responders: { anyone: false, users: [], groups: [], channels: [] },
        approvers: { anyone: false, users: [], groups: [], channels: [] },
        commands: {},
        buttons: {},
      }),
  })
  .strict();
export type SlackConfig = z.infer<typeof SlackConfigSchema>;

const roleArn = z
  .string()
  .regex(
    /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/.+$/,
    'must be a role ARN such as arn:aws:iam::123456789012:role/x',
  );

export const RemediationConfigSchema = z
  .object({
    /** Run everything but the AWS write: plans, approvals, audit, read-backs. */
    dryRun: z.boolean().default(false),
    requestTtlMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    /** After containment, watch CloudTrail for the key and principal this long. */
    watchMinutes: z
      .number()
      .min(0.05)
      .max(24 * 60)
      .default(30),
    /**
     * How often the watch looks. Each look re-reads everything since containment (CloudTrail delivers
     * events about 5 minutes late), so a shorter interval only answers sooner.
     */
    watchEveryMinutes: z.number().min(0.01).max(60).default(5),
    protected: z
      .object({
        /** The bot's own roles (reader, responder): never contained by the bot. */
        botRoleArns: z.array(roleArn).default([]),
        /** Role or user names (`*` globs) kept for emergencies. */
        breakGlassPatterns: z.array(z.string().min(1)).default(['break-glass*', 'BreakGlass*']),
        arns: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({ botRoleArns: [], breakGlassPatterns: ['break-glass*', 'BreakGlass*'], arns: [] }),
    /** Principal ARN → Slack user id, for "did you do this?"; IAM users' `email` tags are tried too. */
    actors: z.record(z.string(), userId).default({}),
    /** No answer from the actor in this long: say so in the incident's thread. */
    askTimeoutMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
  })
  .strict();
export type RemediationConfig = z.infer<typeof RemediationConfigSchema>;
