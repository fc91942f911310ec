/** Splits command words into positionals and `--name value` flags, refusing unknown or repeated flags. */

export interface SplitArgs {
  positionals: string[];
  flags: Map<string, string>;
}

export type SplitResult = ({ ok: true } & SplitArgs) | { ok: false; problem: string };

/** `allowed` lists flag names without the leading `--`; each takes one value (`--since 24h` or `--since=24h`). */
export function splitFlags(args: readonly string[], allowed: readonly string[]): SplitResult {
  const positionals: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i += 1) {
    const word = args[i] as string;
    if (!word.startsWith('--')) {
      positionals.push(word);
      continue;
    }
    const [name = '', inline] = word.slice(2).split(/=(.*)/s, 2);
    if (!allowed.includes(name)) {
      const known = allowed.length ? allowed.map((f) => `--${f}`).join(', ') : 'none';
      return { ok: false, problem: `unknown option \`${word}\` (options: ${known})` };
    }
    if (flags.has(name)) return { ok: false, problem: `\`--${name}\` is given twice` };
    const value = inline ?? args[i + 1];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
      return { ok: false, problem: `\`--${name}\` needs a value` };
    }
    if (inline === undefined) i += 1;
    flags.set(name, value);
  }
  return { ok: true, positionals, flags };
}
