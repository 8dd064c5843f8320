// Bypass analysis: for every principal of an organisation and every catalog action that can launch
// from an image, change an image's tags or create an image, is there a request the engine allows
// that (a) uses a non-golden image, (b) sets or removes a protected tag key on an image, or (c)
// creates an image already carrying one? And, one step removed, may it take over a role expected
// to do one of those (role-takeover.ts)? Pure: the organisation and the criteria are data.
//
// The requests tried are a finite set that covers every class of every condition the principal's
// policies state (request-space.ts); each is turned into checks by the catalog and decided by the
// engine, exactly as the local cloud would. See docs/bypass-analysis.md for why this is sound.
import {
  deriveChecks,
  findAction,
  imageConsumingActions,
  imageProducingActions,
  tagMutatingActions,
} from "../../catalog/index.js";
import type { CatalogEntry } from "../../catalog/index.js";
import { authorize, compileChain, compileWildcard, makeContext } from "../../policy/index.js";
import type { AuthRequest, CompiledChain, Decision, StatementRef } from "../../policy/index.js";
import type { OrgModel, OrgPrincipal } from "../org-model.js";
import { protectedTagKeys } from "./criteria.js";
import type { AnalysisCriteria } from "./criteria.js";
import { enumerateCases } from "./request-space.js";
import { ROLE_TAKEOVER_ACTIONS, enumerateTakeoverCases, isRolePattern } from "./role-takeover.js";
import type { Case, Tally } from "./request-space.js";
import { actionView, chainStatements } from "./statements.js";
import type {
  AllowedCheck,
  AnalysisLimit,
  AnalysisOptions,
  AnalysisReport,
  BypassFinding,
  BypassQuestion,
} from "./types.js";

const DEFAULT_MAX_CASES = 200_000;
const DEFAULT_MAX_STATES = 4_096;

/** The catalog actions each question is about (name-only entries such as `ecs:CreateTags` make no check). */
export function questionActions(): Readonly<Record<BypassQuestion, readonly string[]>> {
  return {
    "launch-non-golden": imageConsumingActions,
    "tag-protected": tagMutatingActions,
    "create-tagged": imageProducingActions,
  };
}

const NAME_ONLY_TAG_ACTIONS = ["ecs:CreateTags", "ecs:DeleteTags"];
const MISMATCH = "the analysis expected the checks to name";

export function analyzeBypasses(
  org: OrgModel,
  criteria: AnalysisCriteria,
  options: AnalysisOptions = {},
): AnalysisReport {
  const maxCases = options.maxCasesPerAction ?? DEFAULT_MAX_CASES;
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  const protectedKeys = protectedTagKeys(criteria);
  const wanted = options.actions?.map((action) => action.toLowerCase());
  const findings: BypassFinding[] = [];
  const expected: BypassFinding[] = [];
  const capped: { principal: string; action: string }[] = [];
  const limits: AnalysisLimit[] = [];
  const limitSeen = new Set<string>();
  let requests = 0;
  const actionsAnalysed = new Set<string>();

  for (const principal of org.principals) {
    const chain = compileChain(principal.chain);
    const statements = chainStatements(principal.chain);
    for (const [question, actions] of Object.entries(questionActions()) as [
      BypassQuestion,
      readonly string[],
    ][]) {
      // The question's own actions, then the requests that take over a role exempt from it.
      const exemptRoles = (options.expected ?? [])
        .filter((access) => access.questions.includes(question) && isRolePattern(access.principal))
        .map((access) => ({ pattern: access.principal, reason: access.reason }));
      const work = [
        ...actions.map((action) => ({ action, roles: undefined })),
        ...(exemptRoles.length === 0 ? [] : ROLE_TAKEOVER_ACTIONS).map((action) => ({
          action,
          roles: exemptRoles,
        })),
      ];
      for (const { action, roles } of work) {
        if (wanted !== undefined && !wanted.includes(action.toLowerCase())) continue;
        const entry = findAction(action);
        if (entry === undefined) continue;
        actionsAnalysed.add(entry.ramAction);
        const tally: Tally = { capped: false, limits: [] };
        const view = actionView(statements, entry.ramAction);
        const input = {
          entry,
          question,
          view,
          principal: principal.info,
          criteria,
          protectedKeys,
          ...(options.imageExemption === undefined ? {} : { imageExemption: options.imageExemption }),
          ...(options.now === undefined ? {} : { now: options.now }),
          maxStates,
          maxCases,
        };
        let best: { case: Case; checks: AllowedCheck[] } | undefined;
        const cases =
          roles === undefined ? enumerateCases(input, tally) : enumerateTakeoverCases(input, roles, tally);
        for (const candidate of cases) {
          requests++;
          const allowed = decideCase(chain, entry, candidate, principal, tally);
          if (allowed !== undefined && (best === undefined || candidate.score < best.case.score)) {
            best = { case: candidate, checks: allowed };
          }
        }
        if (tally.capped) capped.push({ principal: principal.info.arn, action: entry.ramAction });
        for (const message of tally.limits) {
          const key = `${principal.info.arn}\u0000${entry.ramAction}\u0000${message}`;
          if (limitSeen.has(key)) continue;
          limitSeen.add(key);
          limits.push({ principal: principal.info.arn, action: entry.ramAction, message });
        }
        if (best === undefined) continue;
        const finding = toFinding(principal, question, entry, best.case, best.checks);
        const reason = expectedReason(principal, question, options);
        if (reason === undefined) findings.push(finding);
        else expected.push({ ...finding, expected: reason });
      }
    }
  }

  return {
    findings,
    expected,
    complete: capped.length === 0 && limits.length === 0,
    capped,
    limits,
    notes: notesFor(org),
    stats: { principals: org.principals.length, actions: actionsAnalysed.size, requests },
  };
}

/** The checks of a case if every one is allowed, with what allowed each; undefined otherwise. */
function decideCase(
  chain: CompiledChain,
  entry: CatalogEntry,
  candidate: Case,
  principal: OrgPrincipal,
  tally: Tally,
): AllowedCheck[] | undefined {
  const derived = deriveChecks(
    entry,
    { params: candidate.params, accountId: principal.info.accountId, regionId: candidate.regionId },
    candidate.lookup,
  );
  const named = new Set(derived.flatMap((check) => check.resources));
  const predicted = new Set(candidate.arns);
  const differs = named.size !== predicted.size || [...named].some((arn) => !predicted.has(arn));
  // Once per action is enough to mark the analysis incomplete; the first example shows why.
  if (differs && !tally.limits.some((limit) => limit.startsWith(MISMATCH))) {
    tally.limits.push(
      `${MISMATCH} ${[...predicted].map((a) => `\`${a}\``).join(", ")} but the catalog derived ${[...named].map((a) => `\`${a}\``).join(", ")}`,
    );
  }
  const allowed: AllowedCheck[] = [];
  for (const check of derived) {
    const request: AuthRequest = {
      ...check,
      context: makeContext({ ...check.context, ...candidate.globals }),
    };
    const decision = authorize(chain, request);
    if (decision.result !== "Allow") return undefined;
    allowed.push({
      action: request.action,
      resources: request.resources,
      context: request.context,
      allowedBy: allowingStatements(decision),
      decidedBy: decision.decidedBy,
    });
  }
  return allowed.length === 0 ? undefined : allowed;
}

function allowingStatements(decision: Decision): StatementRef[] {
  return decision.matched.filter((ref) => ref.effect === "Allow");
}

function toFinding(
  principal: OrgPrincipal,
  question: BypassQuestion,
  entry: CatalogEntry,
  found: Case,
  checks: readonly AllowedCheck[],
): BypassFinding {
  return {
    principal: principal.info,
    question,
    action: entry.ramAction,
    ...(entry.apiAction === undefined ? {} : { apiAction: entry.apiAction }),
    why: found.why,
    request: { params: found.params, accountId: principal.info.accountId, regionId: found.regionId },
    assumes: found.assumes,
    checks,
  };
}

function expectedReason(
  principal: OrgPrincipal,
  question: BypassQuestion,
  options: AnalysisOptions,
): string | undefined {
  const names = [principal.info.arn, ...(principal.roleArn === undefined ? [] : [principal.roleArn])];
  for (const access of options.expected ?? []) {
    if (!access.questions.includes(question)) continue;
    const matches = compileWildcard(access.principal, { caseInsensitive: true });
    if (names.some((name) => matches(name))) return access.reason;
  }
  return undefined;
}

/** Deny statements on names no API checks: they look like protection and are none. */
function notesFor(org: OrgModel): string[] {
  const notes = new Set<string>();
  for (const principal of org.principals) {
    for (const { policy, statement } of chainStatements(principal.chain)) {
      if (statement.effect !== "Deny" || statement.action.negated) continue;
      for (const name of NAME_ONLY_TAG_ACTIONS) {
        if (!statement.action.patterns.some((pattern) => pattern.toLowerCase() === name.toLowerCase()))
          continue;
        const where = `\`${policy.name}\` Statement[${statement.index}]${statement.sid === undefined ? "" : ` (Sid ${statement.sid})`}`;
        notes.add(
          `${where} denies \`${name}\`, which no API action checks: it closes nothing (the tag APIs check ecs:TagResources, ecs:UntagResources, ecs:AddTags, ecs:RemoveTags, tag:TagResources, tag:UntagResources)`,
        );
      }
    }
  }
  return [...notes];
}
