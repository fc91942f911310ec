/** `/trail audit [n]`: the newest remediation audit entries (requests, approvals, denials, results). */
import { type Command, REMEDIATION_OFF } from './command.js';

const MAX = 50;

export const auditCommand: Command<{ count: number }> = {
  name: 'audit',
  usage: '[n]',
  example: '/trail audit 20',
  summary: `the newest remediation audit entries (default 10, at most ${MAX})`,

  parse(args) {
    const [text = '10', ...extra] = args;
    const count = Number(text);
    if (extra.length > 0 || !Number.isInteger(count) || count < 1 || count > MAX) {
      return { ok: false, problem: `\`${args.join(' ')}\` is not a count from 1 to ${MAX}` };
    }
    return { ok: true, request: { count } };
  },

  async run(request, ctx) {
    if (!ctx.remediation) return REMEDIATION_OFF;
    return ctx.remediation.audit(request.count);
  },
};
