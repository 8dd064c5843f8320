// Can a policy wildcard pattern and a catalog ARN template match one common string? Both are
// regular languages over single characters, so the answer is reachability in the product of their
// two automata: states are (position in pattern, position in template), at most |p|·|t| of them.

/**
 * One position: a literal character, or one character / any run (also empty) of characters other
 * than `except`. Patterns use no exception; template placeholders do (see templateTokens).
 */
type Token =
  | { readonly kind: "char"; readonly char: string }
  | { readonly kind: "one" | "any"; readonly except?: string };

/** A policy pattern: `*` any run (also empty), `?` exactly one character, everything else literal. */
function wildcardTokens(pattern: string): Token[] {
  return pattern
    .split("")
    .map((char): Token =>
      char === "*" ? { kind: "any" } : char === "?" ? { kind: "one" } : { kind: "char", char },
    );
}

/** `acs:<service>:<region>:<account>:<relative-id>`: the relative id follows the fourth `:`. */
const RELATIVE_ID_SEGMENT = 4;
const ACCOUNT_SEGMENT = 3;

/**
 * A catalog ARN template. A `{Placeholder}` stands for a non-empty value that stays inside its
 * part of the ARN: a service, region or account never contains `:`, and an id in the relative part
 * never contains `/`. Without that, a placeholder could swallow `:snapshot/` and every ARN of a
 * service would overlap every pattern of it, which would leave the rule nothing to find. The
 * account may be empty: Alibaba-provided images have no owner account (spec §3). Everything else,
 * `*` included (a new instance is checked as the literal `instance/*`), is literal.
 */
function templateTokens(template: string): Token[] {
  const tokens: Token[] = [];
  let colons = 0;
  for (const part of template.split(/(\{[^{}]*\})/)) {
    if (part.startsWith("{") && part.endsWith("}")) {
      const except = colons >= RELATIVE_ID_SEGMENT ? "/" : ":";
      if (colons !== ACCOUNT_SEGMENT) tokens.push({ kind: "one", except });
      tokens.push({ kind: "any", except });
      continue;
    }
    for (const char of part.split("")) {
      if (char === ":") colons++;
      tokens.push({ kind: "char", char });
    }
  }
  return tokens;
}

/** True when one character can stand at both positions. */
function compatible(x: Token, y: Token): boolean {
  if (x.kind === "char") return y.kind === "char" ? x.char === y.char : x.char !== y.except;
  if (y.kind === "char") return y.char !== x.except;
  // Two classes that each exclude at most one character always share one.
  return true;
}

/** True when some string is matched by both token sequences. */
function tokensOverlap(a: readonly Token[], b: readonly Token[]): boolean {
  const width = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * width);
  const stack: number[] = [0];
  seen[0] = 1;
  const visit = (i: number, j: number): void => {
    const state = i * width + j;
    if (seen[state] === 0) {
      seen[state] = 1;
      stack.push(state);
    }
  };
  while (stack.length > 0) {
    const state = stack.pop() as number;
    const i = Math.floor(state / width);
    const j = state % width;
    if (i === a.length && j === b.length) return true;
    const x = a[i];
    const y = b[j];
    // A run may end without consuming anything.
    if (x?.kind === "any") visit(i + 1, j);
    if (y?.kind === "any") visit(i, j + 1);
    if (x === undefined || y === undefined || !compatible(x, y)) continue;
    // Both consume one common character; a run stays where it is after consuming.
    visit(x.kind === "any" ? i : i + 1, y.kind === "any" ? j : j + 1);
  }
  return false;
}

/** True when the resource pattern can match some ARN the template describes (ARNs are case-sensitive). */
export function patternMatchesTemplate(pattern: string, template: string): boolean {
  return tokensOverlap(wildcardTokens(pattern), templateTokens(template));
}
