/** Checks a detector id against the registry's, suggesting the nearest names when it is unknown. */

const SUGGESTIONS = 3;

export function unknownDetectorProblem(id: string, known: ReadonlySet<string>): string | undefined {
  if (known.has(id)) return undefined;
  const wanted = id.toLowerCase();
  const near = [...known]
    .map((name) => ({ name, distance: editDistance(wanted, name) }))
    .filter(({ name, distance }) => distance <= Math.max(2, wanted.length / 3) || name.includes(wanted))
    .sort((a, b) => a.distance - b.distance || (a.name < b.name ? -1 : 1))
    .slice(0, SUGGESTIONS);
  const hint = near.length ? `: did you mean ${near.map((n) => `\`${n.name}\``).join(', ')}?` : '';
  return `there is no detector \`${id}\`${hint}`;
}

/** A principal ARN, or `*` for every principal. */
export function isPrincipal(text: string): boolean {
  return text === '*' || /^arn:aws[a-z-]*:(iam|sts)::\d{12}:\S+$/.test(text);
}

/** Levenshtein distance, one row at a time (ids are short). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(substitution, (previous[j] as number) + 1, (current[j - 1] as number) + 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}
