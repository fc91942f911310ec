/** The shape of every `/trail` subcommand: metadata for help and usage, a pure parse, and a run over ports. */
import type { CommandContext } from './command-context.js';

/** What the Slack app posts back (ephemerally): `text` is the notification fallback, `blocks` Block Kit. */
export interface CommandReply {
  text: string;
  blocks?: unknown[];
}

export type ParseResult<R> = { ok: true; request: R } | { ok: false; problem: string };

export interface Command<R> {
  /** The subcommand word, e.g. `who-did`. */
  name: string;
  /** The arguments after the name, e.g. `<access key id>`. */
  usage: string;
  /** A whole working example, e.g. `/trail key AKIAIOSFODNN7EXAMPLE`. */
  example: string;
  /** One line for help. */
  summary: string;
  /** Pure: no ports, no clock. `args` are the tokens after the subcommand name. */
  parse(args: readonly string[]): ParseResult<R>;
  // Method syntax on purpose: a Command<WhoDidRequest> can then stand in a Command<unknown> list.
  run(request: R, ctx: CommandContext): Promise<CommandReply>;
}
