/** `/trail findings [open | mine] [--severity high]`: the newest findings still to handle. */

import { capBlocks, context, section } from '../src/block-kit/builders.js';
import type { FindingsQuery, StoredFinding } from '../src/findings/findings-store.js';
import { isSeverity, SEVERITIES, type Severity } from '../src/findings/severity.js';
import type { Command, CommandContext, CommandReply } from './command.js';
import { errorReply } from './error-reply.js';
import { findingLine } from './finding-line.js';
import { splitFlags } from './flags.js';

export type FindingsView = 'open' | 'mine';

export interface FindingsRequest {
  view: FindingsView;
  severity?: Severity;
}

const SHOWN = 20;
// "mine" filters acknowledged findings by who acknowledged them: read this many newest first.
const MINE_SCAN = 500;

export const findingsCommand: Command<FindingsRequest> = {
  name: 'findings',
  usage: '[open | mine] [--severity info|low|medium|high|critical]',
  example: '/trail findings open --severity high',
  summary: 'the newest open findings, or the ones you acknowledged; --severity sets the minimum',

  parse(args) {
    const split = splitFlags(args, ['severity']);
    if (!split.ok) return split;
    const [view = 'open', ...extra] = split.positionals.map((p) => p.toLowerCase());
    if (view !== 'open' && view !== 'mine') {
      return { ok: false, problem: `\`${view}\` is not a list: use \`open\` or \`mine\`` };
    }
    if (extra.length) return { ok: false, problem: 'one list at a time: `open` or `mine`' };
    const severity = split.flags.get('severity')?.toLowerCase();
    if (severity !== undefined && !isSeverity(severity)) {
      return { ok: false, problem: `\`--severity\` takes one of ${SEVERITIES.join(', ')}` };
    }
    return { ok: true, request: { view, ...(severity ? { severity } : {}) } };
  },

  async run(request, ctx) {
    let findings: StoredFinding[];
    try {
      findings = await read(request, ctx);
    } catch (error) {
      return errorReply('I could not read the findings', error);
    }
    return render(request, findings);
  },
};

async function read(request: FindingsRequest, ctx: CommandContext): Promise<StoredFinding[]> {
  const base: FindingsQuery = request.severity ? { severity: request.severity } : {};
  if (request.view === 'open') return ctx.findings.list({ ...base, status: 'open', limit: SHOWN + 1 });
  const acknowledged = await ctx.findings.list({ ...base, status: 'acknowledged', limit: MINE_SCAN });
  return acknowledged.filter((f) => f.acknowledged?.by === ctx.userId);
}

function render(request: FindingsRequest, findings: StoredFinding[]): CommandReply {
  const what = request.view === 'open' ? 'Open findings' : 'Findings you acknowledged';
  const floor = request.severity ? `, ${request.severity} or worse` : '';
  if (findings.length === 0) {
    const text = `${what}${floor}: none :tada:`;
    return { text, blocks: [section(text)] };
  }
  const shown = findings.slice(0, SHOWN);
  const count = findings.length > SHOWN ? `the newest ${SHOWN}` : String(findings.length);
  const blocks: unknown[] = [section(`*${what}${floor}:* ${count}, newest first`)];
  for (const finding of shown) blocks.push(section(findingLine(finding)));
  if (findings.length > SHOWN) blocks.push(context(['Older ones: add `--severity` to narrow the list']));
  return { text: `${what}: ${count}`, blocks: capBlocks(blocks) };
}
