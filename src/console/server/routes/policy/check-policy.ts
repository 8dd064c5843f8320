// Validation and lint of one policy document, as the editor shows them while the user types: the
// pure engine's problems and lint's warnings together, in reading order, each with its line and
// column so the editor can anchor it.
import { catalogView } from "../../../../catalog/index.js";
import { lintPolicy, parsePolicy, SIZE_LIMITS } from "../../../../policy/index.js";
import type { PolicyKind, Problem } from "../../../../policy/index.js";

export interface PolicyCheckInput {
  readonly kind: PolicyKind;
  readonly text: string;
  /** Control policies: whether `FullAliyunAccess` stays attached where the policy goes (default true). */
  readonly fullAliyunAccessAttached?: boolean;
}

export interface PolicyCheck {
  readonly kind: PolicyKind;
  /** No errors (warnings may remain). */
  readonly valid: boolean;
  /** Characters counted against the kind's limit; absent when the document did not parse. */
  readonly size?: number;
  readonly sizeLimit: number;
  readonly errors: number;
  readonly warnings: number;
  /** Validation problems and lint warnings, by line and column. */
  readonly problems: readonly Problem[];
}

export function checkPolicy(input: PolicyCheckInput): PolicyCheck {
  const result = parsePolicy(input.text, input.kind);
  const lint = result.ok
    ? lintPolicy(result.policy, catalogView, {
        source: input.text,
        fullAliyunAccessAttached: input.fullAliyunAccessAttached ?? true,
      })
    : [];
  const problems = [...result.problems, ...lint].sort((a, b) => a.line - b.line || a.column - b.column);
  const errors = problems.filter((problem) => problem.severity === "error").length;
  return {
    kind: input.kind,
    valid: result.ok && errors === 0,
    ...(result.ok ? { size: result.policy.size } : {}),
    sizeLimit: SIZE_LIMITS[input.kind],
    errors,
    warnings: problems.length - errors,
    problems,
  };
}
