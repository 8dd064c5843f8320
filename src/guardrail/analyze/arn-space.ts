// The resource side of a check: which ARNs a request names, built from the catalog's templates,
// with a finite set of assignments to the templates' free parts (region, ids, an image's owner)
// that covers every way the policies' `Resource` patterns can match them.
//
// A pattern may span segments (`acs:ecs:*image/m-1*`), so the parts cannot be chosen one by one.
// Instead every (ARN, pattern) pair is an automaton run over the ARN's text, and the free parts are
// chosen in order (region first, then owner, then ids): for each part, the walk of automaton.ts
// finds every combination of run states its value can lead to, one witness each; the runs then read
// the literal text up to the next part. Every ARN assignment ends in a combination some witness
// assignment ends in too, so the engine sees every distinct matching outcome.
import {
  accepts,
  exactAutomaton,
  explore,
  run,
  startState,
  stateId,
  wildcardAutomaton,
} from "./automaton.js";
import type { Automaton, StateSet } from "./automaton.js";

export type Segment = { readonly text: string } | { readonly variable: string };

export interface ArnShape {
  readonly id: string;
  readonly segments: readonly Segment[];
  /**
   * An optional resource whose last segment is its own variable (a key pair, security groups):
   * absent, or present with up to `maxCount` values of that variable.
   */
  readonly optional?: { readonly maxCount: number };
}

export interface VariableSpec {
  readonly preferred: readonly string[];
  readonly nonEmpty: boolean;
  /** Values the variable may not take (an `Others` owner is neither the caller nor Alibaba). */
  readonly exclude?: readonly string[];
  /** Tests on the value alone, evaluated from their start (a context key that repeats the value). */
  readonly valueTests?: readonly Automaton[];
  /** Characters ids never contain; `*` in `preferred` is still allowed (an absent parameter). */
  readonly forbidden?: ReadonlySet<string>;
}

export interface ArnAssignment {
  /** Values of the sequential variables. */
  readonly values: Readonly<Record<string, string>>;
  /** Values of each optional shape's variable (empty: the resource is absent). */
  readonly lists: Readonly<Record<string, readonly string[]>>;
}

export interface ArnSpace {
  readonly assignments: readonly ArnAssignment[];
  readonly capped: boolean;
  readonly limits: readonly string[];
}

export interface ArnSpaceInput {
  readonly shapes: readonly ArnShape[];
  readonly variables: Readonly<Record<string, VariableSpec>>;
  readonly patterns: readonly string[];
  /**
   * How the engine reads the matches: per check (the shapes it names, `checkOf[shape]`), per
   * statement (`statements[i]` = indices into `patterns`), does any pattern match any ARN? Two
   * assignments that agree on that, check by check, are the same to every statement, so only one
   * is kept. Checks are told apart by `contextOf[shape]` too: a check that carries a resource's
   * tags is not interchangeable with one that does not.
   */
  readonly checkOf: readonly number[];
  readonly contextOf: readonly string[];
  readonly statements: readonly (readonly number[])[];
  readonly maxStates: number;
  readonly maxAssignments: number;
}

export const ID_FORBIDDEN: ReadonlySet<string> = new Set([":", "/", "*", "?"]);

interface Run {
  readonly shape: number;
  readonly automaton: Automaton;
}

interface Position {
  readonly state: StateSet;
  readonly cursor: number;
}

interface Choice {
  readonly text: string;
  readonly runStates: readonly StateSet[];
  readonly testResults: readonly boolean[];
}

export function exploreArnSpace(input: ArnSpaceInput): ArnSpace {
  const automata = input.patterns.map((pattern) => wildcardAutomaton(pattern));
  const runs: Run[] = [];
  input.shapes.forEach((_, shape) => automata.forEach((automaton) => runs.push({ shape, automaton })));
  const limits: string[] = [];
  let capped = false;

  const order = variableOrder(input.shapes, limits);
  const trailing = (shape: ArnShape): string | undefined => {
    const last = shape.segments[shape.segments.length - 1];
    return shape.optional !== undefined && last !== undefined && "variable" in last
      ? last.variable
      : undefined;
  };

  const readText = (r: Run, position: Position): Position => {
    const segments = (input.shapes[r.shape] as ArnShape).segments;
    let { state, cursor } = position;
    for (
      let segment = segments[cursor];
      segment !== undefined && "text" in segment;
      segment = segments[++cursor]
    ) {
      state = run(r.automaton, state, segment.text);
    }
    return { state, cursor };
  };

  const valueTracks = (name: string): Automaton[] => {
    const spec = input.variables[name];
    return [...(spec?.valueTests ?? []), ...(spec?.exclude ?? []).map((value) => exactAutomaton(value))];
  };

  // The same variable is explored from the same run states again and again (every region leads
  // its runs to a handful of states), so each walk is done once.
  const memo = new Map<string, Choice[]>();
  const choices = (name: string, positions: readonly Position[], active: readonly number[]): Choice[] => {
    const key = `${name}\u0000${active
      .map((i) => `${i}:${stateId((runs[i] as Run).automaton, (positions[i] as Position).state)}`)
      .join(",")}`;
    let found = memo.get(key);
    if (found === undefined) {
      found = walkVariable(name, positions, active);
      memo.set(key, found);
    }
    return found;
  };

  /** Candidate values of `name` with the run states they lead to, one per distinct combination. */
  const walkVariable = (
    name: string,
    positions: readonly Position[],
    active: readonly number[],
  ): Choice[] => {
    const spec = input.variables[name] ?? { preferred: [], nonEmpty: true };
    const tests = valueTracks(name);
    const tracks = [
      ...active.map((i) => ({
        automaton: (runs[i] as Run).automaton,
        from: (positions[i] as Position).state,
      })),
      ...tests.map((automaton) => ({ automaton, from: startState(automaton) })),
    ];
    const walk = explore(tracks, {
      preferred: spec.preferred,
      nonEmpty: spec.nonEmpty,
      forbidden: spec.forbidden ?? ID_FORBIDDEN,
      maxStates: input.maxStates,
    });
    if (walk.capped) capped = true;
    const witnesses = [...walk.witnesses];
    // `*` stands for an absent parameter the template then fills with `*`; it is offered even
    // though ids never contain it.
    for (const text of spec.preferred.filter((p) => p === "*")) {
      witnesses.push({ text, states: tracks.map((t) => run(t.automaton, t.from, text)) });
    }
    const excluded = new Set(spec.exclude ?? []);
    return witnesses
      .filter((w) => !excluded.has(w.text))
      .map((w) => ({
        text: w.text,
        runStates: w.states.slice(0, active.length),
        testResults: tests.map((automaton, i) => accepts(automaton, w.states[active.length + i] as StateSet)),
      }));
  };

  const results = new Map<string, ArnAssignment>();
  const emit = (assignment: ArnAssignment, signature: string): boolean => {
    if (!results.has(signature)) results.set(signature, assignment);
    if (results.size >= input.maxAssignments) {
      capped = true;
      return false;
    }
    return true;
  };

  const initial: Position[] = runs.map((r) => readText(r, { state: startState(r.automaton), cursor: 0 }));

  const descend = (
    index: number,
    positions: readonly Position[],
    values: Record<string, string>,
    tested: string,
  ): boolean => {
    const name = order[index];
    if (name === undefined) return finish(positions, values, tested);
    const active = runs
      .map((r, i) => ({ r, i }))
      .filter(({ r, i }) => {
        const segment = (input.shapes[r.shape] as ArnShape).segments[(positions[i] as Position).cursor];
        return segment !== undefined && "variable" in segment && segment.variable === name;
      })
      .map(({ i }) => i);
    for (const choice of choices(name, positions, active)) {
      const next = positions.slice();
      active.forEach((runIndex, j) => {
        const r = runs[runIndex] as Run;
        next[runIndex] = readText(r, {
          state: choice.runStates[j] as StateSet,
          cursor: (positions[runIndex] as Position).cursor + 1,
        });
      });
      const mark = choice.testResults.map((b) => (b ? "1" : "0")).join("");
      if (!descend(index + 1, next, { ...values, [name]: choice.text }, `${tested}${name}=${mark};`))
        return false;
    }
    return true;
  };

  const finish = (
    positions: readonly Position[],
    values: Record<string, string>,
    tested: string,
  ): boolean => {
    // Each run's acceptance: fixed shapes' runs have read everything; an optional shape's runs
    // accept when any of its chosen values' ARNs is accepted.
    const fixed = runs.map((r, i) => accepts(r.automaton, (positions[i] as Position).state));
    // Later shapes vary slowest, so among equivalent assignments the earlier shapes' resources
    // come first (CreateImage from an instance before one from a snapshot).
    let partials: { lists: Record<string, string[]>; accepted: Map<number, boolean> }[] = [
      { lists: {}, accepted: new Map() },
    ];
    for (let shapeIndex = 0; shapeIndex < input.shapes.length; shapeIndex++) {
      const shape = input.shapes[shapeIndex] as ArnShape;
      if (shape.optional === undefined) continue;
      const name = trailing(shape);
      if (name === undefined) {
        limits.push(`optional resource \`${shape.id}\` does not end with its own variable`);
        continue;
      }
      const active = runs
        .map((r, i) => ({ r, i }))
        .filter(({ r }) => r.shape === shapeIndex)
        .map(({ i }) => i);
      const singles = choices(name, positions, active).map((choice) => ({
        values: [choice.text],
        vector: choice.runStates.map((state, j) =>
          accepts((runs[active[j] as number] as Run).automaton, state),
        ),
      }));
      const sets = orClosure(singles, shape.optional.maxCount, active.length);
      partials = sets.flatMap((set) =>
        partials.map((partial) => {
          const accepted = new Map(partial.accepted);
          active.forEach((runIndex, j) => accepted.set(runIndex, set.vector[j] ?? false));
          // An absent optional resource is no ARN of its check at all.
          if (set.values.length === 0) active.forEach((runIndex) => accepted.set(runIndex, false));
          return { lists: { ...partial.lists, [name]: set.values }, accepted };
        }),
      );
    }
    for (const partial of partials) {
      const accepted = (runIndex: number): boolean =>
        partial.accepted.get(runIndex) ?? (fixed[runIndex] as boolean);
      const present = (shapeIndex: number): boolean => {
        const shape = input.shapes[shapeIndex] as ArnShape;
        const name = trailing(shape);
        return shape.optional === undefined || name === undefined || (partial.lists[name] ?? []).length > 0;
      };
      if (!emit({ values, lists: partial.lists }, `${statementSignature(accepted, present)}|${tested}`))
        return false;
    }
    return true;
  };

  /** Per check, per statement: does any of its patterns match any ARN the check names? */
  const statementSignature = (
    accepted: (run: number) => boolean,
    present: (shape: number) => boolean,
  ): string => {
    const checks = new Map<number, number[]>();
    input.checkOf.forEach((check, shape) => {
      if (!present(shape)) return;
      checks.set(check, [...(checks.get(check) ?? []), shape]);
    });
    const vectors = new Set<string>();
    for (const shapes of checks.values()) {
      vectors.add(
        [...new Set(shapes.map((shape) => input.contextOf[shape] ?? ""))].sort().join("+") +
          ":" +
          input.statements
            .map((patternIndices) =>
              patternIndices.some((p) => shapes.some((shape) => accepted(shape * automata.length + p)))
                ? "1"
                : "0",
            )
            .join(""),
      );
    }
    // All checks must be allowed, so two checks alike (same matches, same kind of context) are one,
    // and their order does not matter.
    return [...vectors].sort().join(",");
  };

  descend(0, initial, {}, "");
  return { assignments: [...results.values()], capped, limits };
}

/**
 * Sets of values for an optional resource: a statement's `Resource` matches a check when a
 * pattern matches ANY of its ARNs, so a set of values matters only through the OR of their
 * acceptance vectors. Starting from the empty set, adding one class at a time and keeping one set
 * per distinct OR reaches every OR any set reaches, with the fewest values.
 */
function orClosure(
  singles: readonly { values: readonly string[]; vector: readonly boolean[] }[],
  maxCount: number,
  width: number,
): { values: string[]; vector: boolean[] }[] {
  const key = (vector: readonly boolean[]): string => vector.map((b) => (b ? "1" : "0")).join("");
  const empty: { values: string[]; vector: boolean[] } = {
    values: [],
    vector: new Array<boolean>(width).fill(false),
  };
  // A present resource no pattern matches changes nothing a policy sees: the absent one stands for it.
  const found = new Map<string, { values: string[]; vector: boolean[] }>([[key(empty.vector), empty]]);
  const sets: { values: string[]; vector: boolean[] }[] = [empty];
  let frontier = [empty];
  for (let size = 1; size <= maxCount && frontier.length > 0; size++) {
    const next: typeof frontier = [];
    for (const base of frontier) {
      for (const single of singles) {
        if (base.values.includes(single.values[0] as string)) continue;
        const vector = base.vector.map((b, i) => b || (single.vector[i] ?? false));
        const k = key(vector);
        if (found.has(k)) continue;
        const set = { values: [...base.values, ...single.values], vector };
        found.set(k, set);
        sets.push(set);
        next.push(set);
      }
    }
    frontier = next;
  }
  return sets;
}

/** Variables in the order they are chosen: first appearance; every shape must read them in that order. */
function variableOrder(shapes: readonly ArnShape[], limits: string[]): string[] {
  const order: string[] = [];
  const sequences = shapes.map((shape) => {
    const vars = shape.segments.flatMap((s) => ("variable" in s ? [s.variable] : []));
    return shape.optional === undefined ? vars : vars.slice(0, -1);
  });
  for (const sequence of sequences) for (const name of sequence) if (!order.includes(name)) order.push(name);
  for (const [i, sequence] of sequences.entries()) {
    const positions = sequence.map((name) => order.indexOf(name));
    if (positions.some((p, j) => j > 0 && p <= (positions[j - 1] as number))) {
      limits.push(`resource \`${shapes[i]?.id ?? i}\` reads its parts in another order than the others`);
    }
  }
  return order;
}
