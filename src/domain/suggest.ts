/** Levenshtein distance, small inputs only (command names). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min(
        (row[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        previous + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

/** The known name closest to a mistyped one, when it is close enough to be a typo or prefix. */
export function closestCommand(name: string, known: readonly string[]): string | undefined {
  const lower = name.slice(0, 40).toLowerCase();
  const prefixed = known.find((k) => lower.startsWith(k) || k.startsWith(lower));
  if (prefixed) return prefixed;
  let best: { name: string; d: number } | undefined;
  for (const candidate of known) {
    const d = distance(lower, candidate);
    if (d <= 2 && (!best || d < best.d)) best = { name: candidate, d };
  }
  return best?.name;
}
