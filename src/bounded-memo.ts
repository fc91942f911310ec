/**
 * A pure function of a string, remembered per argument up to a bound: a trail repeats a few thousand
 * values (user agents, principals, field names, paths) across millions of events, so each answer is
 * worked out once; the bound keeps a hostile or endless stream of new values from growing the memory.
 * Past the bound the remembered answers are dropped and remembering starts again.
 */
export function boundedMemo<T>(derive: (from: string) => T, max: number): (from: string) => T {
  const known = new Map<string, T>();
  return (from) => {
    let value = known.get(from);
    if (value === undefined) {
      value = derive(from);
      if (known.size >= max) known.clear();
      known.set(from, value);
    }
    return value;
  };
}
