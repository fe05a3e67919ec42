/** Glob matching for config lists: `*` any run of characters, `?` one character; case-insensitive. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "i");
}

export function matchesAnyGlob(value: string, globs: readonly string[]): boolean {
  return globs.some((g) => globToRegExp(g).test(value));
}

/**
 * Compiles user-supplied regular expressions, naming the bad one if any fails. A plain string is case-insensitive;
 * `/source/flags` uses those flags (so `/\bTODO\b/` matches only the upper-case marker; `g` and `y` are dropped).
 */
export function compilePatterns(patterns: readonly string[], what: string): RegExp[] {
  return patterns.map((p) => {
    try {
      const literal = /^\/(.+)\/([dgimsuvy]*)$/s.exec(p);
      return literal ? new RegExp(literal[1], literal[2].replace(/[gy]/g, "")) : new RegExp(p, "i");
    } catch (e) {
      throw new Error(`invalid regular expression in ${what}: ${JSON.stringify(p)} (${(e as Error).message})`, { cause: e });
    }
  });
}
