// Finite automata for the string tests policies make: resource patterns and `StringLike` values
// (`*` any run, `?` one character), `StringEquals` constants, and `StringEqualsIgnoreCase`
// constants. They exist to FIND strings: a breadth-first walk over the product of several automata
// reaches every combination of their states that any string reaches, so one shortest string per
// combination stands for all strings that every test treats alike (see docs/bypass-analysis.md).
// Deciding requests stays the policy engine's job; these only choose which requests to ask about.

const STAR = -1;
const ONE = -2;

/** A pattern compiled to positions: a character code, `STAR` (any run) or `ONE` (one character). */
export interface Automaton {
  readonly tokens: readonly number[];
  readonly caseInsensitive: boolean;
  /** Every character a literal token compares against (both cases when case-insensitive). */
  readonly alphabet: readonly string[];
}

/** A set of positions in the automaton, sorted, closed over skipped `*`. Empty = dead. */
export type StateSet = readonly number[];

export function wildcardAutomaton(pattern: string, caseInsensitive = false): Automaton {
  const tokens: number[] = [];
  for (const ch of splitUnits(pattern)) {
    if (ch === "*") {
      // `**` is `*`: collapsing keeps the state sets small.
      if (tokens[tokens.length - 1] !== STAR) tokens.push(STAR);
    } else if (ch === "?") tokens.push(ONE);
    else tokens.push(code(ch, caseInsensitive));
  }
  return { tokens, caseInsensitive, alphabet: alphabetOf(pattern.replace(/[*?]/g, ""), caseInsensitive) };
}

/** A constant compared whole, every character literal (`StringEquals`, `StringEqualsIgnoreCase`). */
export function exactAutomaton(value: string, caseInsensitive = false): Automaton {
  return {
    tokens: splitUnits(value).map((ch) => code(ch, caseInsensitive)),
    caseInsensitive,
    alphabet: alphabetOf(value, caseInsensitive),
  };
}

export function startState(automaton: Automaton): StateSet {
  return close(automaton, [0]);
}

/** The state after reading `text` from `from`. */
export function run(automaton: Automaton, from: StateSet, text: string): StateSet {
  let state = from;
  for (const ch of splitUnits(text)) {
    if (state.length === 0) return state;
    state = step(automaton, state, ch);
  }
  return state;
}

// Walks revisit the same states over and over (every ARN part starts from a handful of them), so
// state sets are interned per automaton and each transition is computed once.
interface Tables {
  readonly interned: Map<string, StateSet>;
  readonly ids: Map<StateSet, number>;
  readonly next: Map<StateSet, Map<string, StateSet>>;
}

const tables = new WeakMap<Automaton, Tables>();

function tablesOf(automaton: Automaton): Tables {
  let found = tables.get(automaton);
  if (found === undefined) {
    found = { interned: new Map(), ids: new Map(), next: new Map() };
    tables.set(automaton, found);
  }
  return found;
}

export function step(automaton: Automaton, from: StateSet, ch: string): StateSet {
  const table = tablesOf(automaton);
  let byChar = table.next.get(from);
  if (byChar === undefined) {
    byChar = new Map();
    table.next.set(from, byChar);
  }
  const cached = byChar.get(ch);
  if (cached !== undefined) return cached;
  const c = code(ch, automaton.caseInsensitive);
  const next: number[] = [];
  const { tokens } = automaton;
  for (const position of from) {
    const token = tokens[position];
    if (token === undefined) continue;
    if (token === STAR) next.push(position);
    else if (token === ONE || token === c) next.push(position + 1);
  }
  const result = close(automaton, next);
  byChar.set(ch, result);
  return result;
}

export function accepts(automaton: Automaton, state: StateSet): boolean {
  return state.includes(automaton.tokens.length);
}

/** A number naming the state within its automaton: equal states, equal ids. */
export function stateId(automaton: Automaton, state: StateSet): number {
  return tablesOf(automaton).ids.get(state) ?? -1;
}

function close(automaton: Automaton, positions: readonly number[]): StateSet {
  const set = new Set(positions);
  for (const position of positions) {
    let at = position;
    while (automaton.tokens[at] === STAR) set.add(++at);
  }
  const sorted = [...set].sort((a, b) => a - b);
  const key = sorted.join(",");
  const table = tablesOf(automaton);
  let interned = table.interned.get(key);
  if (interned === undefined) {
    interned = sorted;
    table.interned.set(key, interned);
    table.ids.set(interned, table.ids.size);
  }
  return interned;
}

// Tag keys and values are compared per UTF-16 unit by the engine (`?` is one unit), so are we.
function splitUnits(text: string): string[] {
  return text.split("");
}

function code(ch: string, caseInsensitive: boolean): number {
  return (caseInsensitive ? ch.toLowerCase() : ch).charCodeAt(0);
}

function alphabetOf(literals: string, caseInsensitive: boolean): string[] {
  const chars = new Set<string>();
  for (const ch of splitUnits(literals)) {
    chars.add(ch);
    if (caseInsensitive) {
      for (const variant of [ch.toLowerCase(), ch.toUpperCase()])
        if (variant.length === 1) chars.add(variant);
    }
  }
  return [...chars];
}

// ---------------------------------------------------------------------------------------------
// Exploring the product of automata

/** One automaton and where it starts reading the variable's value. */
export interface Track {
  readonly automaton: Automaton;
  readonly from: StateSet;
}

export interface Witness {
  readonly text: string;
  /** Each track's state after reading `text`, in track order. */
  readonly states: readonly StateSet[];
}

export interface ExploreOptions {
  /** Strings tried first, so that counterexamples read like real values where one fits the class. */
  readonly preferred?: readonly string[];
  /** The value may not be the empty string. */
  readonly nonEmpty?: boolean;
  /** Characters the value may not contain (ids never contain `:` or `/`). */
  readonly forbidden?: ReadonlySet<string>;
  /** Characters to explore besides the tracks' own alphabets. */
  readonly extraAlphabet?: readonly string[];
  readonly maxStates: number;
}

export interface Exploration {
  /** One witness per distinct combination of track states any allowed string reaches. */
  readonly witnesses: readonly Witness[];
  /** True when `maxStates` stopped the walk: some combinations may be missing. */
  readonly capped: boolean;
}

/**
 * Every combination of track states that some string reaches, each with a shortest such string
 * (or a preferred one). Characters outside every track's alphabet all behave alike — each literal
 * refuses them, `?` and `*` take them — so one fresh character stands for all of them, and the
 * walk over the finite alphabet reaches every reachable combination.
 */
export function explore(tracks: readonly Track[], options: ExploreOptions): Exploration {
  const forbidden = options.forbidden ?? new Set<string>();
  const alphabetSet = new Set<string>();
  for (const track of tracks) for (const ch of track.automaton.alphabet) alphabetSet.add(ch);
  for (const ch of options.extraAlphabet ?? []) alphabetSet.add(ch);
  const alphabet = [freshCharacter(alphabetSet, forbidden), ...[...alphabetSet].sort()].filter(
    (ch) => !forbidden.has(ch),
  );

  const found = new Map<string, Witness>();
  const keyOf = (states: readonly StateSet[]): string =>
    states.map((state, i) => stateId((tracks[i] as Track).automaton, state)).join(",");
  const advance = (states: readonly StateSet[], text: string): StateSet[] =>
    states.map((state, i) => run((tracks[i] as Track).automaton, state, text));
  const start = tracks.map((track) => track.from);

  for (const text of options.preferred ?? []) {
    if (options.nonEmpty === true && text === "") continue;
    if ([...text].some((ch) => forbidden.has(ch))) continue;
    const states = advance(start, text);
    const key = keyOf(states);
    if (!found.has(key)) found.set(key, { text, states });
  }
  if (options.nonEmpty !== true && !found.has(keyOf(start)))
    found.set(keyOf(start), { text: "", states: start });

  // Breadth first, so every recorded witness is a shortest string for its combination.
  const visited = new Set<string>();
  let frontier: Witness[] = [{ text: "", states: start }];
  let capped = false;
  while (frontier.length > 0 && !capped) {
    const next: Witness[] = [];
    for (const node of frontier) {
      for (const ch of alphabet) {
        const states = node.states.map((state, i) => step((tracks[i] as Track).automaton, state, ch));
        const key = keyOf(states);
        if (visited.has(key)) continue;
        visited.add(key);
        const witness = { text: node.text + ch, states };
        if (!found.has(key)) found.set(key, witness);
        next.push(witness);
        if (visited.size >= options.maxStates) {
          capped = true;
          break;
        }
      }
      if (capped) break;
    }
    frontier = next;
  }
  return { witnesses: [...found.values()], capped };
}

const FRESH_CANDIDATES = "xqzjkvwy0123456789abcdefghilmnoprstu";

/** A character no track compares against: it stands for every such character. */
function freshCharacter(alphabet: ReadonlySet<string>, forbidden: ReadonlySet<string>): string {
  for (const ch of FRESH_CANDIDATES) if (!alphabet.has(ch) && !alphabet.has(ch.toUpperCase())) return ch;
  for (let c = 0x4e00; ; c++) {
    const ch = String.fromCharCode(c);
    if (!alphabet.has(ch) && !forbidden.has(ch)) return ch;
  }
}
