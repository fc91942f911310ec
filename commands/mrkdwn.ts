/** Safe Slack text: escapes `&<>` (Slack's control characters) and keeps Block Kit's size limits. */

// Block Kit: a section's text is at most 3,000 characters, a message at most 50 blocks.
export const MAX_SECTION_CHARS = 3_000;
export const MAX_BLOCKS = 50;

/** Anything from CloudTrail, IAM or a user goes through this before it is put in mrkdwn. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escaped, in backticks; backticks inside are dropped so the code span can't be broken out of. */
export function code(text: string): string {
  return `\`${escapeText(text.replace(/`/g, "'"))}\``;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function section(text: string): Record<string, unknown> {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, MAX_SECTION_CHARS) } };
}

export function contextLine(text: string): Record<string, unknown> {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, MAX_SECTION_CHARS) }] };
}

/** Keeps at most MAX_BLOCKS blocks; the last one says how many were left out. */
export function capBlocks(blocks: unknown[]): unknown[] {
  if (blocks.length <= MAX_BLOCKS) return blocks;
  const kept = blocks.slice(0, MAX_BLOCKS - 1);
  return [...kept, contextLine(`…and ${blocks.length - kept.length} more not shown`)];
}
