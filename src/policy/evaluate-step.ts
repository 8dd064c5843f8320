// One step of a compiled chain (an RD node, the session policy, the identity policies) for one
// action, compiled into a decision table. The step's candidate statements share few distinct
// Resource and Condition blocks — policies repeat the same resource lists and tag conditions — so
// the step's whole outcome (which statements match, the first Deny and first Allow) is a function of
// those blocks' results. A request evaluates the Resource blocks, which fixes which Condition blocks
// matter and in what order the statements reach them (the order absent keys are reported in);
// evaluates those; packs the results into numbers; and looks the outcome up. Only a combination
// never seen before walks the statements. The result is the one the statement-by-statement
// `evaluateSet` computes.
//
// A Condition block packs as its truth (evaluate-statement.ts): false, true, or unknown when any of
// its clauses met an unreadable context value, whatever the others said — unknown dominates inside
// the block, so the table needs no more than the block's value. The table maps unknown to "the Deny
// applies, the Allow does not" and keeps the unknown statements, whose errors are reported on each
// request (they name the request's values).
//
// An empty resource set matches no statement that has a Resource, `*` included (spec §3). `*`
// statements have no Resource block in the table, so such a request — rare, one length test per
// step — is decided statement by statement.
import type { CompiledClause } from "./compile.js";
import { evaluateSet } from "./evaluate-policy-set.js";
import { noteMatchedList } from "./evaluate-state.js";
import type { EvalState, Memo, PlacedStatement } from "./evaluate-state.js";
import { TRUE, UNKNOWN, conditionTruth, reportUnreadable, resourcesMatch } from "./evaluate-statement.js";
import type { AuthRequest, StatementRef } from "./types.js";

interface ResourceBlock {
  readonly slot: number;
  readonly test: (resources: readonly string[]) => boolean;
  readonly testArn: (arn: string) => boolean;
}

interface ConditionBlock {
  readonly slot: number;
  readonly clauses: readonly CompiledClause[];
}

interface StepOutcome {
  readonly matched: readonly StatementRef[];
  readonly deny: PlacedStatement | undefined;
  readonly allow: PlacedStatement | undefined;
  /** Statements that are unknown (some clause met an unreadable context value): their errors are reported each time. */
  readonly unknown: readonly PlacedStatement[];
}

/** What follows from one combination of Resource block results. */
interface ResourceCase {
  /** The Condition blocks of the statements that got past Resource, in the order they reach them. */
  readonly order: Int32Array;
  /** Outcomes by the packed results of those Condition blocks. */
  readonly outcomes: Map<number, StepOutcome>;
}

export interface StepPlan {
  readonly statements: readonly PlacedStatement[];
  readonly resourceBlocks: readonly ResourceBlock[];
  readonly conditionBlocks: readonly ConditionBlock[];
  /** Per statement: index of its Resource / Condition block, or -1 when it has none. */
  readonly resourceOf: Int32Array;
  readonly conditionOf: Int32Array;
  /** Cases by packed Resource block results; undefined when the blocks are too many to pack. */
  readonly cases: Map<number, ResourceCase> | undefined;
}

// Packed keys use 1 bit per Resource block and 2 per Condition block; staying within 30 bits keeps
// them small integers, the fastest Map keys.
const MAX_RESOURCE_BLOCKS = 30;
const MAX_CONDITION_BLOCKS = 15;
// Combinations are few in practice (requests repeat a handful); the cap only bounds a worst case.
const MAX_ENTRIES = 1024;

/** Compiles the candidate statements of one step (their Action matches the plan's action). */
export function planStep(statements: readonly PlacedStatement[]): StepPlan {
  const resourceBlocks: ResourceBlock[] = [];
  const conditionBlocks: ConditionBlock[] = [];
  const resourceIndex = new Map<number, number>();
  const conditionIndex = new Map<number, number>();
  const resourceOf = new Int32Array(statements.length).fill(-1);
  const conditionOf = new Int32Array(statements.length).fill(-1);
  let memoised = true;

  statements.forEach((placed, i) => {
    const core = placed.core;
    if (core.matchesResources !== undefined) {
      if (placed.resourceSlot < 0) memoised = false;
      let index = resourceIndex.get(placed.resourceSlot);
      if (index === undefined) {
        index = resourceBlocks.length;
        resourceBlocks.push({
          slot: placed.resourceSlot,
          test: core.matchesResources,
          testArn: core.matchesArn as (arn: string) => boolean,
        });
        resourceIndex.set(placed.resourceSlot, index);
      }
      resourceOf[i] = index;
    }
    if (core.clauses.length > 0) {
      if (placed.conditionSlot < 0) memoised = false;
      let index = conditionIndex.get(placed.conditionSlot);
      if (index === undefined) {
        index = conditionBlocks.length;
        conditionBlocks.push({ slot: placed.conditionSlot, clauses: core.clauses });
        conditionIndex.set(placed.conditionSlot, index);
      }
      conditionOf[i] = index;
    }
  });

  const packable =
    memoised &&
    resourceBlocks.length <= MAX_RESOURCE_BLOCKS &&
    conditionBlocks.length <= MAX_CONDITION_BLOCKS;
  return {
    statements,
    resourceBlocks,
    conditionBlocks,
    resourceOf,
    conditionOf,
    cases: packable ? new Map() : undefined,
  };
}

/** Evaluates one step; leaves its first Deny and first Allow in `state`, like `evaluateSet`. */
export function evaluateStep(plan: StepPlan, request: AuthRequest, state: EvalState, memo: Memo): void {
  const cases = plan.cases;
  if (cases === undefined || request.resources.length === 0) {
    evaluateSet(plan.statements, request, state, memo);
    return;
  }
  let resourceKey = 0;
  const resourceBlocks = plan.resourceBlocks;
  for (let i = 0; i < resourceBlocks.length; i++) {
    const block = resourceBlocks[i] as ResourceBlock;
    const matches = resourcesMatch(block.test, block.testArn, block.slot, request.resources, memo);
    resourceKey = resourceKey * 2 + (matches ? 1 : 0);
  }
  let resourceCase = cases.get(resourceKey);
  if (resourceCase === undefined) {
    if (cases.size >= MAX_ENTRIES) cases.clear();
    resourceCase = { order: conditionOrder(plan, memo), outcomes: new Map() };
    cases.set(resourceKey, resourceCase);
  }

  let conditionKey = 0;
  const order = resourceCase.order;
  for (let i = 0; i < order.length; i++) {
    const block = plan.conditionBlocks[order[i] as number] as ConditionBlock;
    conditionKey = conditionKey * 4 + conditionTruth(block.clauses, block.slot, request.context, state, memo);
  }
  const outcomes = resourceCase.outcomes;
  let outcome = outcomes.get(conditionKey);
  if (outcome === undefined) {
    if (outcomes.size >= MAX_ENTRIES) outcomes.clear();
    outcome = buildOutcome(plan, memo);
    outcomes.set(conditionKey, outcome);
  }

  state.deny = outcome.deny;
  state.allow = outcome.allow;
  noteMatchedList(state, outcome.matched);
  const unknown = outcome.unknown;
  for (let i = 0; i < unknown.length; i++)
    reportUnreadable(unknown[i] as PlacedStatement, request.context, state);
}

function resourceMatched(plan: StepPlan, memo: Memo, statement: number): boolean {
  const resource = plan.resourceOf[statement] as number;
  return resource < 0 || memo.values[(plan.resourceBlocks[resource] as ResourceBlock).slot] === TRUE;
}

// Reads this request's Resource block results from the memo (evaluateStep has just stamped them).
function conditionOrder(plan: StepPlan, memo: Memo): Int32Array {
  const order: number[] = [];
  for (let i = 0; i < plan.statements.length; i++) {
    const condition = plan.conditionOf[i] as number;
    if (condition >= 0 && !order.includes(condition) && resourceMatched(plan, memo, i)) order.push(condition);
  }
  return Int32Array.from(order);
}

// Reads this request's block results from the memo (all that matter were stamped by evaluateStep).
function buildOutcome(plan: StepPlan, memo: Memo): StepOutcome {
  const matched: StatementRef[] = [];
  const unknown: PlacedStatement[] = [];
  let deny: PlacedStatement | undefined;
  let allow: PlacedStatement | undefined;
  plan.statements.forEach((placed, i) => {
    if (!resourceMatched(plan, memo, i)) return;
    const condition = plan.conditionOf[i] as number;
    const truth =
      condition < 0 ? TRUE : memo.values[(plan.conditionBlocks[condition] as ConditionBlock).slot];
    if (truth === UNKNOWN) unknown.push(placed);
    if (truth === TRUE || (truth === UNKNOWN && placed.core.isDeny)) {
      matched.push(placed.ref);
      if (placed.core.isDeny) deny ??= placed;
      else allow ??= placed;
    }
  });
  return { matched, deny, allow, unknown };
}
