/** Who to ask about a principal: trailwatch.yml's actors first, then the IAM user's email tag via Slack. */
import type { FindingPrincipal } from '../../findings/finding.js';
import type { Logger } from '../../logger.js';

/** IAM GetUser Tags: the value of the user's `email` tag (any case), or undefined. Lead-implemented. */
export type EmailOf = (accountId: string, userName: string) => Promise<string | undefined>;

/** Slack users.lookupByEmail: the user id, or undefined when Slack knows no such user. Lead-implemented. */
export type SlackUserByEmail = (email: string) => Promise<string | undefined>;

export interface ResolveActorOptions {
  /** RemediationConfig.actors: principal ARN → Slack user id. */
  actors: Readonly<Record<string, string>>;
  emailOf?: EmailOf;
  slackUserByEmail?: SlackUserByEmail;
  logger?: Logger;
}

export interface Actor {
  userId: string;
  via: 'config' | 'email-tag';
}

/** `arn:aws:sts::123:assumed-role/Role/s` → `arn:aws:iam::123:role/Role`, the ARN a config would name. */
function roleArnOf(arn: string): string | undefined {
  const match = /^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return match ? `arn:${match[1]}:iam::${match[2]}:role/${match[3]}` : undefined;
}

/**
 * A lookup failure (IAM or Slack down, a missing permission) means "nobody to ask", logged: an ask is a
 * courtesy, and the finding's own flow must not wait on it.
 */
export async function resolveActor(
  principal: FindingPrincipal,
  options: ResolveActorOptions,
): Promise<Actor | undefined> {
  const role = roleArnOf(principal.arn);
  const configured = options.actors[principal.arn] ?? (role ? options.actors[role] : undefined);
  if (configured) return { userId: configured, via: 'config' };
  if (principal.type !== 'IAMUser' || !principal.userName) return undefined;
  if (!options.emailOf || !options.slackUserByEmail) return undefined;
  try {
    const email = await options.emailOf(principal.accountId, principal.userName);
    if (!email) return undefined;
    const userId = await options.slackUserByEmail(email);
    return userId ? { userId, via: 'email-tag' } : undefined;
  } catch (error) {
    options.logger?.warn({ err: error, principal: principal.arn }, 'could not resolve who to ask');
    return undefined;
  }
}
