/** A reply for a port that failed (AWS, Redis): what could not be done and the error's code and message. */
import { section } from '../src/block-kit/builders.js';
import { escapeMrkdwn, safeText } from '../src/block-kit/text.js';
import type { CommandReply } from './command.js';

export function errorReply(what: string, error: unknown): CommandReply {
  const text = `:x: ${escapeMrkdwn(what)}: ${safeText(describeError(error), 1_000)}`;
  return { text, blocks: [section(text)] };
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.message} (${code})` : error.message;
}
