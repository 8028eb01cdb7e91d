/**
 * "Did you mean" for unknown names (commands, styles): the known names closest to a typo by edit
 * distance (Levenshtein: insertions, deletions, substitutions each cost 1; a swap of two neighbours
 * also costs 1, as in Damerau's optimal string alignment), so `pair_stlye` suggests `pair_style`.
 */

/** Optimal-string-alignment distance between a and b (dynamic programme over three rows). */
export function editDistance(a: string, b: string): number {
  const m = b.length;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const sub = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + sub);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m];
}

/**
 * Up to `max` known names nearest to `name`: within an edit distance of a third of the name's
 * length (at least 2), or sharing its part before the first '/' or '_' (`fix nvt/sllod` → the
 * other `nvt` fixes), nearest first, ties alphabetical.
 */
export function nearestNames(name: string, known: readonly string[], max = 3): string[] {
  const limit = Math.max(2, Math.ceil(name.length / 3));
  const stem = name.split(/[/_]/)[0];
  const scored: [number, string][] = [];
  for (const k of known) {
    const d = editDistance(name, k);
    const sameStem = stem.length >= 3 && k.split(/[/_]/)[0] === stem;
    if (d <= limit || sameStem) scored.push([d, k]);
  }
  scored.sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : 1));
  return scored.slice(0, max).map((s) => s[1]);
}
