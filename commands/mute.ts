/** `/trail mute <detector> [principal ARN | *] <duration> [reason]`: stop posting a detector's findings for a while. */

import { section } from '../src/block-kit/builders.js';
import { escapeMrkdwn, inlineCode } from '../src/block-kit/text.js';
import type { Command } from './command.js';
import { isPrincipal, unknownDetectorProblem } from './detector-check.js';
import { isDurationLike, parseDuration } from './duration.js';
import { errorReply } from './error-reply.js';
import { usageReply } from './usage-reply.js';

export interface MuteRequest {
  detector: string;
  /** A principal ARN, or '*' for every principal. */
  principalArn: string;
  durationMs: number;
  reason?: string;
}

const MAX_REASON = 500;

export const muteCommand: Command<MuteRequest> = {
  name: 'mute',
  usage: '<detector> [principal ARN | *] <duration> ["reason"]',
  example:
    '/trail mute console-signin-without-mfa arn:aws:iam::123456789012:user/alice 24h "pentest this week"',
  summary:
    "stop posting a detector's findings (for one principal, or all) for up to 90d; they are still stored",

  parse(args) {
    if (args.some((a) => a.startsWith('--'))) return { ok: false, problem: 'mute takes no --options' };
    const [detector, second, ...rest] = args;
    if (detector === undefined) return { ok: false, problem: 'say which detector to mute' };
    if (second === undefined) return { ok: false, problem: 'say for how long, e.g. 24h' };
    const principalGiven = !isDurationLike(second);
    const [durationText, ...reasonWords] = principalGiven ? rest : [second, ...rest];
    if (principalGiven && !isPrincipal(second)) {
      return { ok: false, problem: `\`${second}\` is neither a duration nor a principal ARN (or \`*\`)` };
    }
    if (durationText === undefined) return { ok: false, problem: 'say for how long, e.g. 24h' };
    const duration = parseDuration(durationText);
    if (!duration.ok) return duration;
    const reason = reasonWords.join(' ').trim();
    if (reason.length > MAX_REASON)
      return { ok: false, problem: `keep the reason under ${MAX_REASON} characters` };
    return {
      ok: true,
      request: {
        detector,
        principalArn: principalGiven ? second : '*',
        durationMs: duration.ms,
        ...(reason ? { reason } : {}),
      },
    };
  },

  async run(request, ctx) {
    const problem = unknownDetectorProblem(request.detector, ctx.detectorIds);
    if (problem) return usageReply(muteCommand, problem);
    const until = new Date(ctx.now() + request.durationMs).toISOString();
    try {
      await ctx.findings.mute({
        detector: request.detector,
        principalArn: request.principalArn,
        until,
        by: ctx.userId,
        reason: request.reason ?? 'no reason given',
      });
    } catch (error) {
      return errorReply('I could not save the mute', error);
    }
    const who = request.principalArn === '*' ? 'every principal' : inlineCode(request.principalArn);
    const why = request.reason ? ` (${escapeMrkdwn(request.reason)})` : '';
    const undo = `/trail unmute ${request.detector}${request.principalArn === '*' ? '' : ` ${request.principalArn}`}`;
    const text =
      `:mute: Muted ${inlineCode(request.detector)} for ${who} until ${until}${why}. ` +
      `Its findings are still stored, just not posted. Undo: ${inlineCode(undo, 1_000)}`;
    return { text, blocks: [section(text)] };
  },
};
