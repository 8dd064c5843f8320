// A remediation's selection filters checked against what is known: an account, region or scope that
// does not exist is a typo, and a typo that selects nothing would look like a clean run in CI. So an
// unknown value is a problem (exit 1), and a well-formed selection that matches nothing says which
// filter excluded the last findings.
import type { GuardrailSpec } from "../spec/types.js";
import { selectRemediationTargets } from "./select-targets.js";
import type { RemediationSelection, RemediationTarget } from "./types.js";

/** What the findings were drawn from: the accounts and the account-regions the scan listed. */
export interface SelectionUniverse {
  readonly accounts: readonly { readonly accountId: string; readonly name: string }[];
  readonly regions: readonly string[];
}

export interface SelectionProblem {
  readonly code: "unknown-account" | "unknown-region" | "unknown-scope" | "malformed-instance-id";
  readonly message: string;
  readonly help: string;
}

// Alibaba instance ids are `i-` followed by lower-case letters and digits (20 in practice).
const INSTANCE_ID = /^i-[a-z0-9]{8,32}$/;

export function checkRemediationSelection(
  selection: RemediationSelection,
  spec: GuardrailSpec,
  universe: SelectionUniverse,
): SelectionProblem[] {
  const problems: SelectionProblem[] = [];
  const accountNames = universe.accounts.map((account) => `\`${account.name}\` (${account.accountId})`);
  for (const account of selection.accounts ?? []) {
    if (universe.accounts.some((known) => known.accountId === account || known.name === account)) continue;
    problems.push({
      code: "unknown-account",
      message: `\`--account ${account}\` is no account the scan covered`,
      help: `give an account id or name of the scan: ${accountNames.join(", ") || "none was scanned"}`,
    });
  }
  for (const region of selection.regions ?? []) {
    if (universe.regions.includes(region)) continue;
    problems.push({
      code: "unknown-region",
      message: `\`--region ${region}\` is no region the scan listed`,
      help: `give a region the scan listed: ${universe.regions.map((r) => `\`${r}\``).join(", ") || "none was listed"}`,
    });
  }
  const scopeKeys = spec.scopes.map((scope) => scope.key);
  for (const scope of selection.scopes ?? []) {
    if (scopeKeys.includes(scope)) continue;
    problems.push({
      code: "unknown-scope",
      message: `\`--scope ${scope}\` is not a scope of the spec`,
      help: `give a scope as the spec writes it: ${scopeKeys.map((key) => `\`${key}\``).join(", ")}`,
    });
  }
  for (const instance of selection.instances ?? []) {
    if (INSTANCE_ID.test(instance)) continue;
    problems.push({
      code: "malformed-instance-id",
      message: `\`--instance ${instance}\` is not an instance id`,
      help: "give an instance id as the scan shows it, e.g. `i-bp1a2b3c4d5e6f7g8h9i`",
    });
  }
  return problems;
}

type Filter = "account" | "region" | "instance" | "verdict" | "scope";

/**
 * When a well-formed selection matches no finding: which filter, applied in order, left none (the
 * findings there were before it, so the user knows what to widen). Undefined when something matched
 * or there were no findings at all. Findings left out only for being in audit mode are not
 * "nothing selected": the plan lists them as skipped, with the `--include-audit` help.
 */
export function whyNothingSelected(
  targets: readonly RemediationTarget[],
  selection: RemediationSelection,
): string | undefined {
  const open = targets.filter((target) => target.verdict !== "compliant");
  if (open.length === 0) return undefined;
  const everything: RemediationSelection = { includeAudit: true, approveImages: [] };
  // Each filter is added on top of the ones before, so the first that empties the set is named.
  const steps: [Filter, RemediationSelection][] = [];
  let current: RemediationSelection = everything;
  const add = (filter: Filter, next: RemediationSelection): void => {
    current = next;
    steps.push([filter, next]);
  };
  if (selection.accounts !== undefined) add("account", { ...current, accounts: selection.accounts });
  if (selection.regions !== undefined) add("region", { ...current, regions: selection.regions });
  if (selection.instances !== undefined) add("instance", { ...current, instances: selection.instances });
  if (selection.verdicts !== undefined) add("verdict", { ...current, verdicts: selection.verdicts });
  if (selection.scopes !== undefined) add("scope", { ...current, scopes: selection.scopes });
  let before = open.length;
  for (const [filter, applied] of steps) {
    const left = selectRemediationTargets(open, applied);
    if (left.length === 0) return describe(filter, selection, before);
    before = left.length;
  }
  return undefined;
}

function describe(filter: Filter, selection: RemediationSelection, before: number): string {
  const findings = `${before} open finding${before === 1 ? "" : "s"}`;
  const values = (list: readonly string[] | undefined): string =>
    (list ?? []).map((value) => `\`${value}\``).join(", ");
  switch (filter) {
    case "account":
      return `no finding in account ${values(selection.accounts)} (of ${findings})`;
    case "region":
      return `no finding in region ${values(selection.regions)} among the ${findings} left by the filters before it`;
    case "instance":
      return `no finding for instance ${values(selection.instances)} among the ${findings} left by the filters before it`;
    case "verdict":
      return `no finding with verdict ${values(selection.verdicts)} among the ${findings} left by the filters before it`;
    case "scope":
      return `no finding in scope ${values(selection.scopes)} among the ${findings} left by the filters before it`;
  }
}
