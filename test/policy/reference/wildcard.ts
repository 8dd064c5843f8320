// The reference wildcard matcher: plain recursive backtracking over characters, nothing compiled.
// `*` matches any run of characters (also empty, also across `:` and `/`), `?` exactly one
// character (spec §3). Characters are UTF-16 code units; the shared vocabulary is ASCII.

/** True when the whole of `text` matches `pattern`. */
export function refWildcardMatch(pattern: string, text: string, ignoreCase: boolean): boolean {
  return matchFrom(pattern, 0, text, 0, ignoreCase);
}

function matchFrom(pattern: string, p: number, text: string, t: number, ignoreCase: boolean): boolean {
  if (p === pattern.length) return t === text.length;
  const pc = pattern.charAt(p);
  if (pc === "*") {
    // Let the star swallow 0, 1, 2, ... characters and try the rest of the pattern after each.
    for (let skip = t; skip <= text.length; skip++) {
      if (matchFrom(pattern, p + 1, text, skip, ignoreCase)) return true;
    }
    return false;
  }
  if (t === text.length) return false;
  if (pc === "?") return matchFrom(pattern, p + 1, text, t + 1, ignoreCase);
  if (!sameChar(pc, text.charAt(t), ignoreCase)) return false;
  return matchFrom(pattern, p + 1, text, t + 1, ignoreCase);
}

function sameChar(a: string, b: string, ignoreCase: boolean): boolean {
  if (a === b) return true;
  return ignoreCase && a.toLowerCase() === b.toLowerCase();
}
