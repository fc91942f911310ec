/** Counts skipped records by reason, keeping a few samples, with memory bounded whatever the input. */

export interface MalformedSample {
  /** File path (or '-'), with `#index` of the record within the file where known. */
  where: string;
  reason: string;
}

const MAX_REASONS = 50;
const MAX_SAMPLES = 20;

export function createMalformedTally() {
  const reasons = new Map<string, number>();
  const samples: MalformedSample[] = [];
  let count = 0;
  return {
    add(where: string, reason: string) {
      count += 1;
      // Reasons that carry detail (a line number, a file name) would make one key each: keep the first
      // MAX_REASONS distinct ones and fold the rest.
      const key = reasons.has(reason) || reasons.size < MAX_REASONS ? reason : 'other reasons';
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
      if (samples.length < MAX_SAMPLES) samples.push({ where, reason });
    },
    summary() {
      return { malformed: count, malformedReasons: Object.fromEntries(reasons), malformedSamples: samples };
    },
  };
}
