/** `/trail unmute <detector> [principal ARN | *]`: post a muted detector's findings again. */

import { section } from '../src/block-kit/builders.js';
import { inlineCode } from '../src/block-kit/text.js';
import type { Command } from './command.js';
import { isPrincipal, unknownDetectorProblem } from './detector-check.js';
import { errorReply } from './error-reply.js';
import { usageReply } from './usage-reply.js';

export interface UnmuteRequest {
  detector: string;
  principalArn: string;
}

export const unmuteCommand: Command<UnmuteRequest> = {
  name: 'unmute',
  usage: '<detector> [principal ARN | *]',
  example: '/trail unmute console-signin-without-mfa arn:aws:iam::123456789012:user/alice',
  summary: 'end a mute early (without a principal: the mute for every principal)',

  parse(args) {
    if (args.some((a) => a.startsWith('--'))) return { ok: false, problem: 'unmute takes no --options' };
    const [detector, principal = '*', ...extra] = args;
    if (detector === undefined) return { ok: false, problem: 'say which detector to unmute' };
    if (!isPrincipal(principal))
      return { ok: false, problem: `\`${principal}\` is not a principal ARN (or \`*\`)` };
    if (extra.length) return { ok: false, problem: 'unmute takes a detector and at most one principal' };
    return { ok: true, request: { detector, principalArn: principal } };
  },

  async run(request, ctx) {
    const problem = unknownDetectorProblem(request.detector, ctx.detectorIds);
    if (problem) return usageReply(unmuteCommand, problem);
    let removed: boolean;
    try {
      removed = await ctx.findings.unmute(request.detector, request.principalArn);
    } catch (error) {
      return errorReply('I could not remove the mute', error);
    }
    const who = request.principalArn === '*' ? 'every principal' : inlineCode(request.principalArn);
    const text = removed
      ? `:loud_sound: Unmuted ${inlineCode(request.detector)} for ${who}: its findings will be posted again.`
      : `There was no mute of ${inlineCode(request.detector)} for ${who}; nothing changed.`;
    return { text, blocks: [section(text)] };
  },
};
