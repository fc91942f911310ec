/** Splits a slash command's text into words, honouring "double", 'single' and Slack's “curly” quotes. */

// Slack clients often turn straight quotes into curly ones as people type.
const CLOSING: Record<string, string> = { '"': '"', "'": "'", '“': '”', '”': '”', '‘': '’' };

export type TokenizeResult = { ok: true; tokens: string[] } | { ok: false; problem: string };

export function tokenize(text: string): TokenizeResult {
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  let closing: string | undefined;
  for (const char of text) {
    if (closing !== undefined) {
      if (char === closing) closing = undefined;
      else current += char;
    } else if (CLOSING[char] !== undefined) {
      closing = CLOSING[char];
      inToken = true;
    } else if (/\s/.test(char)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += char;
      inToken = true;
    }
  }
  if (closing !== undefined) return { ok: false, problem: `a quote was opened but not closed (${closing})` };
  if (inToken) tokens.push(current);
  return { ok: true, tokens };
}
