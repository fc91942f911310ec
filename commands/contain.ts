/** `/trail contain <finding id>`: the containment options of a finding, as the card's Contain button shows them. */
import { type Command, REMEDIATION_OFF } from './command.js';

export const containCommand: Command<{ findingId: string }> = {
  name: 'contain',
  usage: '<finding id>',
  example: '/trail contain tw-0123456789ab',
  summary: 'offer the containment options of a finding (each needs an approver)',

  parse(args) {
    const [findingId, ...extra] = args;
    if (findingId === undefined) return { ok: false, problem: 'say which finding to contain' };
    if (!/^tw-[0-9a-f]{12}$/.test(findingId) || extra.length > 0) {
      return {
        ok: false,
        problem: `\`${args.join(' ')}\` is not a finding id (tw- and 12 hex digits, as on its card)`,
      };
    }
    return { ok: true, request: { findingId } };
  },

  async run(request, ctx) {
    if (!ctx.remediation) return REMEDIATION_OFF;
    return ctx.remediation.contain(request.findingId);
  },
};
