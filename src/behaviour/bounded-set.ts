/**
 * A set that remembers when each value was last seen and keeps at most `cap` values, evicting the
 * stalest: plain JSON, so a profile round-trips through Redis unchanged.
 */
export type BoundedSet = Record<string, number>;

// Last-seen times only decide which value to evict: an hour's precision saves a write per event.
const PRECISION_MS = 3_600_000;

export function touch(set: BoundedSet, value: string, at: number, cap: number): void {
  const seen = set[value];
  if (seen !== undefined) {
    if (at - seen > PRECISION_MS) set[value] = at;
    return;
  }
  set[value] = at;
  const values = Object.keys(set);
  if (values.length <= cap) return;
  let stalest = values[0] as string;
  for (const each of values) if ((set[each] as number) < (set[stalest] as number)) stalest = each;
  delete set[stalest];
}

export function has(set: BoundedSet, value: string): boolean {
  return set[value] !== undefined;
}
