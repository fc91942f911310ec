/**
 * A set that remembers when each value was last seen and keeps at most `cap` values, evicting the
 * stalest: plain JSON, so a profile round-trips through Redis unchanged.
 */
export type BoundedSet = Record<string, number>;

export function touch(set: BoundedSet, value: string, at: number, cap: number): void {
  const known = set[value] !== undefined;
  if (!known || (set[value] as number) < at) set[value] = at;
  if (known) return;
  const values = Object.keys(set);
  if (values.length <= cap) return;
  let stalest = values[0] as string;
  for (const each of values) if ((set[each] as number) < (set[stalest] as number)) stalest = each;
  delete set[stalest];
}

export function has(set: BoundedSet, value: string): boolean {
  return set[value] !== undefined;
}

export function size(set: BoundedSet): number {
  return Object.keys(set).length;
}
