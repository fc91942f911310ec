/** What a responder reads beside a finding, from its detector's metadata: why it matters, what usually
 * explains it, and the runbook. The registry is the one source; cards look it up by detector id. */
import type { DetectorMeta } from '../../detectors/detector.js';
import { DETECTORS } from '../../detectors/registry.js';

export type DetectorGuide = Pick<DetectorMeta, 'description' | 'falsePositives' | 'runbook'>;

const GUIDES: ReadonlyMap<string, DetectorGuide> = new Map(
  DETECTORS.map(({ meta }) => [meta.id, meta] as const),
);

/** The guide of a detector id; undefined for an id no longer registered (an old stored finding). */
export function detectorGuide(detectorId: string): DetectorGuide | undefined {
  return GUIDES.get(detectorId);
}

/** "Detects X. More detail." → "Detects X.": the why, short enough for a thread reply. */
export function firstSentence(text: string): string {
  const end = text.search(/\.\s/);
  return end === -1 ? text : text.slice(0, end + 1);
}
