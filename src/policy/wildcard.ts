// Wildcard patterns of actions, resources, `StringLike` values and trust principals: `*` is any run of
// characters (also empty, and it spans `:` and `/`), `?` is exactly one character (one UTF-16 code
// unit). Every other character is literal. Patterns are compiled once into the cheapest test that
// decides them: most real patterns are exact, `prefix*`, `*suffix` or `*infix*`, which are one
// string comparison each; only patterns with `?` or several inner `*` take the general matcher.

export interface WildcardOptions {
  readonly caseInsensitive: boolean;
}

/** Compiles `pattern` into a test; with `caseInsensitive` both sides are compared lower-cased. */
export function compileWildcard(pattern: string, options: WildcardOptions): (s: string) => boolean {
  const p = options.caseInsensitive ? pattern.toLowerCase() : pattern;
  const test = compileCaseSensitive(p);
  if (!options.caseInsensitive) return test;
  return (s) => test(s.toLowerCase());
}

/** True when `pattern` contains a wildcard character. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

function compileCaseSensitive(p: string): (s: string) => boolean {
  if (!hasWildcard(p)) return (s) => s === p;
  if (p.includes("?")) return (s) => globMatch(p, s);

  const parts = p.split("*");
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  const inner = parts.slice(1, -1).filter((part) => part !== "");

  if (inner.length === 0) {
    if (first === "" && last === "") return () => true;
    if (last === "") return (s) => s.startsWith(first);
    if (first === "") return (s) => s.endsWith(last);
    const min = first.length + last.length;
    return (s) => s.length >= min && s.startsWith(first) && s.endsWith(last);
  }
  if (inner.length === 1 && first === "" && last === "") {
    const middle = inner[0] as string;
    return (s) => s.includes(middle);
  }
  const min = first.length + last.length + inner.reduce((n, part) => n + part.length, 0);
  return (s) => s.length >= min && starMatch(s, first, inner, last);
}

// With only `*` wildcards, taking each inner part at its leftmost occurrence is optimal: it leaves
// the most room for the parts after it.
function starMatch(s: string, first: string, inner: readonly string[], last: string): boolean {
  if (!s.startsWith(first) || !s.endsWith(last)) return false;
  let from = first.length;
  const end = s.length - last.length;
  for (const part of inner) {
    const at = s.indexOf(part, from);
    if (at < 0 || at + part.length > end) return false;
    from = at + part.length;
  }
  return true;
}

// The classic two-pointer glob: on a mismatch, go back to the last `*` and let it swallow one more
// character. Linear in practice, O(n·m) at worst, and it allocates nothing.
function globMatch(p: string, s: string): boolean {
  let pi = 0;
  let si = 0;
  let starP = -1;
  let starS = 0;
  while (si < s.length) {
    const pc = p.charCodeAt(pi);
    if (pi < p.length && (pc === QUESTION || pc === s.charCodeAt(si)) && pc !== STAR) {
      pi++;
      si++;
    } else if (pi < p.length && pc === STAR) {
      starP = pi++;
      starS = si;
    } else if (starP >= 0) {
      pi = starP + 1;
      si = ++starS;
    } else {
      return false;
    }
  }
  while (pi < p.length && p.charCodeAt(pi) === STAR) pi++;
  return pi === p.length;
}

const STAR = 42;
const QUESTION = 63;
