/** What the remediation commands need, bound to the person asking; absent when remediation is off. */
import type { CommandReply } from './command.js';

export interface RemediationCommands {
  /** Opens a deactivation request for the key (owner and account through GetAccessKeyLastUsed). */
  deactivateKey(accessKeyId: string, reason?: string): Promise<CommandReply>;
  /** Offers the containment options of a finding. */
  contain(findingId: string): Promise<CommandReply>;
  /** The newest `count` audit entries. */
  audit(count: number): Promise<CommandReply>;
}

export const REMEDIATION_OFF: CommandReply = {
  text: 'Remediation is not set up here: Slack must be configured and an account needs a responderRoleArn (see docs/containment.md).',
};
