// The bypass analysis as data: findings with their concrete counterexample, and how far the
// analysis can be trusted (caps hit, limits met).
import type { ImageSource, RequestParams } from "../../catalog/index.js";
import type { DecidingPolicy, PrincipalInfo, RequestContext, StatementRef } from "../../policy/index.js";

/**
 * The three questions: (a) launch or re-image from an image that fails the golden criteria;
 * (b) set or remove a protected tag key on an image; (c) create an image that already carries one.
 */
export type BypassQuestion = "launch-non-golden" | "tag-protected" | "create-tagged";

export const QUESTION_LETTER: Readonly<Record<BypassQuestion, "a" | "b" | "c">> = {
  "launch-non-golden": "a",
  "tag-protected": "b",
  "create-tagged": "c",
};

/** A principal whose findings are expected (pipeline roles, break-glass roles), for some questions. */
export interface ExpectedAccess {
  /** Wildcard pattern on the principal's ARN or, for role sessions, the role's ARN; any case. */
  readonly principal: string;
  readonly questions: readonly BypassQuestion[];
  /** Why, for the report: `pipeline role`, `break-glass role`. */
  readonly reason: string;
}

/**
 * An image exemption as the generated policies honour it: an image tagged `key` with one of the
 * values (an active exemption's id) may be launched although its tags fail the criteria, until the
 * exemption ends; owner and source still count.
 */
export interface ImageExemptionTag {
  readonly key: string;
  readonly values: readonly {
    readonly value: string;
    /** The first instant it no longer holds (ISO 8601); absent: it does not end. */
    readonly until?: string;
  }[];
}

export interface AnalysisOptions {
  /** Analyse only these RAM actions (each must be one of the question's catalog actions). */
  readonly actions?: readonly string[];
  readonly expected?: readonly ExpectedAccess[];
  readonly imageExemption?: ImageExemptionTag;
  /**
   * Requests are made from this instant on: `acs:CurrentTime` takes no earlier value, so a
   * bypass that a time-bounded statement has already closed is not reported. Absent: any time.
   */
  readonly now?: Date;
  /** Requests decided per principal, action and question before the analysis gives up (default 200,000). */
  readonly maxCasesPerAction?: number;
  /** States one automaton walk may visit (default 4,096). */
  readonly maxStates?: number;
}

/** A resource the counterexample assumes exists, with the facts the checks read from it. */
export interface AssumedResource {
  readonly kind: "image" | "instance" | "snapshot";
  readonly id: string;
  readonly regionId: string;
  readonly ownerId: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly source?: ImageSource;
  readonly platform?: string;
  readonly instanceType?: string;
}

export interface AllowedCheck {
  readonly action: string;
  readonly resources: readonly string[];
  readonly context: RequestContext;
  /** Every Allow statement that matched, across control, session and identity policies. */
  readonly allowedBy: readonly StatementRef[];
  readonly decidedBy: DecidingPolicy;
}

export interface BypassFinding {
  readonly principal: PrincipalInfo;
  readonly question: BypassQuestion;
  readonly action: string;
  readonly apiAction?: string;
  /** Why the request answers the question: `the image lacks tag \`environment\``. */
  readonly why: string;
  /** The API request, as its parameters arrive (`Tag.1.Key`). */
  readonly request: { readonly params: RequestParams; readonly accountId: string; readonly regionId: string };
  readonly assumes: readonly AssumedResource[];
  /** Each authorization check the request makes; all were allowed. */
  readonly checks: readonly AllowedCheck[];
  /** Set when the principal is expected to be able to do this (pipeline, break-glass). */
  readonly expected?: string;
}

export interface AnalysisLimit {
  readonly principal?: string;
  readonly action?: string;
  readonly message: string;
}

export interface AnalysisReport {
  /** Bypasses: findings of principals not expected to have them. */
  readonly findings: readonly BypassFinding[];
  /** Findings of principals expected to have that access. */
  readonly expected: readonly BypassFinding[];
  /**
   * True only when no cap was hit and no limit was met: then every bypass the engine would allow
   * for a catalog action is among the findings. When false, absence of findings proves nothing.
   */
  readonly complete: boolean;
  /** Where a cap stopped the enumeration: the analysis is NOT sound there. */
  readonly capped: readonly { readonly principal: string; readonly action: string }[];
  readonly limits: readonly AnalysisLimit[];
  /** Things worth knowing that are not bypasses (`ecs:CreateTags` denied, which no API checks). */
  readonly notes: readonly string[];
  readonly stats: {
    readonly principals: number;
    readonly actions: number;
    readonly requests: number;
  };
}
