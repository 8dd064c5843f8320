// What one evaluation accumulates, and statements placed where the chain found them. Everything a
// decision reports about a statement (its StatementRef, its DecidingPolicy) is built once at compile
// time, so the evaluation itself only pushes references.
import type { CompiledStatement } from "./compile.js";
import type {
  Decision,
  DecidingPolicy,
  DecisionResult,
  EvaluationError,
  ExplainNode,
  PolicyType,
  StatementRef,
} from "./types.js";

/** A compiled statement in one place of the chain: which policy, which stage, which RD node. */
export interface PlacedStatement {
  readonly core: CompiledStatement;
  readonly policyType: PolicyType;
  readonly policyName: string;
  readonly ref: StatementRef;
  /** The DecidingPolicy this statement is when it decides (an explicit deny or an allow). */
  readonly decidedBy: DecidingPolicy;
  /** Memo slots of its Resource and Condition blocks in the chain's `Memo`; -1 when not memoised. */
  readonly resourceSlot: number;
  readonly conditionSlot: number;
}

/**
 * Per-request memo of block results, shared by the statements of a chain: policies repeat the same
 * Resource lists and tag conditions many times over, and each distinct block needs evaluating only
 * once per request. A slot is valid when its stamp equals the current generation, so starting a new
 * request is one increment rather than a clear.
 *
 * Resource blocks are also remembered across requests, per ARN: whether a block's patterns match an
 * ARN never changes, and requests keep naming the same instances, images and `instance/*`. Each ARN
 * seen has a vector over the slots: 0 not yet tested, 1 no match, 2 match.
 */
export interface Memo {
  generation: number;
  readonly stamps: Uint32Array;
  readonly values: Uint8Array;
  readonly arns: Map<string, Uint8Array>;
  /** The vectors of the current request's resource set, in its order (entries past `arnCount` are stale). */
  readonly arnVectors: Uint8Array[];
  /** -1 until `resolveArns` ran for the current request. */
  arnCount: number;
}

// Bounds the per-ARN cache of a long-lived chain that sees ever new ARNs; refilling it is cheap.
const MAX_ARNS = 8192;

/** Assigns memo slots to block identities while a chain is compiled. */
export class SlotAllocator {
  readonly #slots = new Map<string, number>();

  slot(identity: string): number {
    let slot = this.#slots.get(identity);
    if (slot === undefined) {
      slot = this.#slots.size;
      this.#slots.set(identity, slot);
    }
    return slot;
  }

  memo(): Memo {
    const size = this.#slots.size;
    return {
      generation: 0,
      stamps: new Uint32Array(size),
      values: new Uint8Array(size),
      arns: new Map(),
      arnVectors: [],
      arnCount: 0,
    };
  }
}

/** Starts a request: invalidates every slot of the memo. */
export function beginRequest(memo: Memo): void {
  memo.generation = (memo.generation + 1) >>> 0;
  if (memo.generation === 0) {
    memo.stamps.fill(0);
    memo.generation = 1;
  }
  memo.arnCount = -1;
}

/** Looks up the request's ARN vectors, the first time a Resource block needs them in this request. */
export function resolveArns(memo: Memo, resources: readonly string[]): void {
  const arns = memo.arns;
  for (let i = 0; i < resources.length; i++) {
    const arn = resources[i] as string;
    let vector = arns.get(arn);
    if (vector === undefined) {
      if (arns.size >= MAX_ARNS) arns.clear();
      vector = new Uint8Array(memo.values.length);
      arns.set(arn, vector);
    }
    memo.arnVectors[i] = vector;
  }
  memo.arnCount = resources.length;
}

/** Mutable accumulator of one evaluation; the lists are allocated only when something lands in them. */
export interface EvalState {
  /**
   * Matched statements, as segments in evaluation order: a step's precomputed list (owned by its
   * decision table), or the open segment individual matches are pushed to. Joined into a fresh array
   * once, when the decision is made.
   */
  segments: (readonly StatementRef[])[] | undefined;
  open: StatementRef[] | undefined;
  errors: EvaluationError[] | undefined;
  absentKeys: string[] | undefined;
  /** Set by a policy-set evaluation: its first matching Deny and first matching Allow. */
  deny: PlacedStatement | undefined;
  allow: PlacedStatement | undefined;
}

const NONE: readonly never[] = Object.freeze([]);

export function newState(): EvalState {
  return {
    segments: undefined,
    open: undefined,
    errors: undefined,
    absentKeys: undefined,
    deny: undefined,
    allow: undefined,
  };
}

export function noteMatched(state: EvalState, ref: StatementRef): void {
  if (state.open !== undefined) {
    state.open.push(ref);
    return;
  }
  state.open = [ref];
  if (state.segments === undefined) state.segments = [state.open];
  else state.segments.push(state.open);
}

/** Appends a step's matched statements: a list owned by the step's table, copied when the decision is made. */
export function noteMatchedList(state: EvalState, refs: readonly StatementRef[]): void {
  if (refs.length === 0) return;
  state.open = undefined;
  if (state.segments === undefined) state.segments = [refs];
  else state.segments.push(refs);
}

function joinSegments(segments: readonly (readonly StatementRef[])[] | undefined): readonly StatementRef[] {
  if (segments === undefined) return NONE;
  let length = 0;
  for (let i = 0; i < segments.length; i++) length += (segments[i] as readonly StatementRef[]).length;
  const matched = new Array<StatementRef>(length);
  let k = 0;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as readonly StatementRef[];
    for (let j = 0; j < segment.length; j++) matched[k++] = segment[j] as StatementRef;
  }
  return matched;
}

export function noteAbsent(state: EvalState, key: string): void {
  if (state.absentKeys === undefined) state.absentKeys = [key];
  else if (!state.absentKeys.includes(key)) state.absentKeys.push(key);
}

export function noteError(state: EvalState, error: EvaluationError): void {
  if (state.errors === undefined) state.errors = [error];
  else state.errors.push(error);
}

export function makeDecision(
  result: DecisionResult,
  decidedBy: DecidingPolicy,
  state: EvalState,
  explain?: ExplainNode,
): Decision {
  const decision = {
    result,
    decidedBy,
    matched: joinSegments(state.segments),
    errors: state.errors ?? NONE,
    absentKeys: state.absentKeys ?? NONE,
  };
  return explain === undefined ? decision : { ...decision, explain };
}
