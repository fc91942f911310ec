/** A lifecycle change the finding's state refuses (already handled, closed, gone) becomes words, not an error. */

import { safeText } from '../../../block-kit/text.js';
import {
  FindingNotFoundError,
  FindingTransitionError,
  type StoredFinding,
} from '../../../findings/findings-store.js';

export type TransitionResult = { ok: true; finding: StoredFinding } | { ok: false; reply: { text: string } };

export async function transitionRefusal(change: () => Promise<StoredFinding>): Promise<TransitionResult> {
  try {
    return { ok: true, finding: await change() };
  } catch (error) {
    if (error instanceof FindingTransitionError || error instanceof FindingNotFoundError) {
      return { ok: false, reply: { text: `:information_source: ${safeText(error.message, 500)}` } };
    }
    throw error;
  }
}
