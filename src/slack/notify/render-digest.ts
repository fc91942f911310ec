/** The digest reply: the findings of a stormy incident past the thread's cap, folded into one message. */
import { context, section } from '../../block-kit/builders.js';
import { inlineCode } from '../../block-kit/text.js';
import type { SlackMessage } from '../../block-kit/types.js';

const MAX_DETECTORS_SHOWN = 15;

/** `folded`: detector → findings folded. Pure; most frequent detectors first. */
export function renderDigest(folded: ReadonlyMap<string, number>): SlackMessage {
  const entries = [...folded]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  const shown = entries.slice(0, MAX_DETECTORS_SHOWN).map(([d, n]) => `• ${inlineCode(d, 80)} × ${n}`);
  const rest = entries.length - shown.length;
  if (rest > 0) shown.push(`• +${rest} more detector${rest === 1 ? '' : 's'}`);
  const noun = `finding${total === 1 ? '' : 's'}`;
  return {
    text: `…and ${total} more ${noun} in this incident`,
    blocks: [
      section(
        `➕ *…and ${total} more ${noun}*, folded here so the thread stays readable:\n${shown.join('\n')}`,
      ),
      context(['See every one with `/trail findings`, or *Show findings* on the incident card.']),
    ],
  };
}
