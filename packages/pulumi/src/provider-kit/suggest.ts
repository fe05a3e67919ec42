/**
 * "Did you mean …?": the known word closest to what the program wrote. Case, `_` and `-` are ignored
 * (`maxSignals`, `max-signals` → `max_signals`), then typos are measured by edit distance (a swap of two
 * neighbouring letters counts as one edit), allowing more edits in longer words.
 */
export function nearest(written: string, known: Iterable<string>): string | undefined {
  const target = normalize(written);
  if (!target) return undefined;
  let best: { word: string; distance: number } | undefined;
  for (const word of known) {
    if (word === written) continue;
    const candidate = normalize(word);
    const distance = editDistance(target, candidate);
    const close = distance <= allowedEdits(Math.min(target.length, candidate.length)) || (target.length >= 4 && candidate.startsWith(target));
    if (close && (!best || distance < best.distance)) best = { word, distance };
  }
  return best?.word;
}

function normalize(word: string): string {
  return word.toLowerCase().replace(/[_-]/g, "");
}

/** One edit in a word of up to 6 letters, two up to 9, three beyond: `device` is not a typo of `service`. */
function allowedEdits(length: number): number {
  return Math.max(1, Math.floor((length - 1) / 3));
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    d.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        d[0].push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2][j - 2] + 1);
      d[i].push(best);
    }
  }
  return d[a.length][b.length];
}
