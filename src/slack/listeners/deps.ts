/** What the Slack listeners need; built once by the service, passed to every listener. */
import type { CommandReply } from '../../../commands/command.js';
import type { HomeView } from '../../block-kit/types.js';
import type { FindingEventsStore } from '../../findings/finding-events.js';
import type { FindingsStore } from '../../findings/findings-store.js';
import type { Logger } from '../../logger.js';
import type { AccessControl, Asker } from '../access/access-control.js';

/** Containment from a card: until remediation is configured, the listeners explain what it will do. */
export interface ContainPort {
  /** From a finding's Contain button; answers the clicker (ephemeral) and may post a request card. */
  fromFinding(findingId: string, asker: Asker & { threadTs?: string }): Promise<CommandReply>;
  fromIncident(incidentId: string, asker: Asker & { threadTs?: string }): Promise<CommandReply>;
  /** A containment option's button (value `<findingId>|<kind>|<threadTs>`): opens a request, posts its card. */
  request(value: string, asker: Asker): Promise<CommandReply>;
  approve(requestId: string, asker: Asker): Promise<CommandReply>;
  deny(requestId: string, asker: Asker): Promise<CommandReply>;
}

/** "Did you do this?": the asked person's answer; No opens a containment request. */
export interface AskPort {
  answer(askId: string, asker: Asker, answer: 'yes' | 'no', reason?: string): Promise<CommandReply>;
}

export interface SlackDeps {
  access: AccessControl;
  findings: FindingsStore;
  findingEvents: FindingEventsStore;
  /** Runs `/trail …` for this person (after the access check). */
  runCommand(text: string, asker: Asker): Promise<CommandReply>;
  /** The who-did "More" button. */
  moreWhoDid(value: string, asker: Asker): Promise<CommandReply>;
  /** The App Home view for this person. */
  home(userId: string): Promise<HomeView>;
  contain: ContainPort;
  /** Absent when remediation is off. */
  ask?: AskPort;
  /** accountId → display name, for cards. */
  accountNames: ReadonlyMap<string, string>;
  logger: Logger;
  now: () => number;
}
