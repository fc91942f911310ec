/**
 * A set that remembers when each value was last seen and keeps at most `cap` values, evicting the
 * stalest: plain JSON, so a profile round-trips through Redis unchanged.
 */
export type BoundedSet = Record<string, number>;

// Last-seen times only decide which value to evict: an hour's precision saves a write per event.
const PRECISION_MS = 3_600_000;

/**
 * Each set's size, once counted: a new value no longer lists the whole set to learn it (a set holding
 * its cap did so at every new address or agent). Sets change only through touch, which keeps it.
 */
const sizes = new WeakMap<BoundedSet, number>();

export function touch(set: BoundedSet, value: string, at: number, cap: number): void {
  const seen = set[value];
  if (seen !== undefined) {
    if (at - seen > PRECISION_MS) set[value] = at;
    return;
  }
  const count = (sizes.get(set) ?? Object.keys(set).length) + 1;
  set[value] = at;
  if (count <= cap) {
    sizes.set(set, count);
    return;
  }
  let stalest: string | undefined;
  for (const each in set)
    if (stalest === undefined || (set[each] as number) < (set[stalest] as number)) stalest = each;
  delete set[stalest as string];
  sizes.set(set, count - 1);
}

export function has(set: BoundedSet, value: string): boolean {
  return set[value] !== undefined;
}
