// A validated spec → the policies that enforce it and where they go. Pure and deterministic: the
// same spec, target and `now` give the same output, byte for byte, so a plan can be diffed.
import { SIZE_LIMITS } from "../../policy/index.js";
import type { Problem } from "../../policy/index.js";
import { activeExemptions, exemptionState } from "../exemptions.js";
import type { Exemption, GuardrailScope, GuardrailSpec } from "../spec/types.js";
import { documentOf, documentSize, packStatements } from "./pack.js";
import { accountPattern, planStatements } from "./statements.js";
import type { PlannedStatement, ScopeContext, TimedExemption } from "./statements.js";
import type {
  GenerateOptions,
  GeneratedPolicy,
  GeneratedPolicySet,
  GuardrailControl,
  GuardrailTarget,
  PolicyAttachment,
  SkippedScope,
} from "./types.js";

/** Alibaba: at most 10 control policies per node, and `FullAliyunAccess` keeps one of them. */
export const CONTROL_POLICIES_PER_NODE = 10;
/** Alibaba: at most 10 custom policies per RAM user, group or role. */
export const CUSTOM_POLICIES_PER_IDENTITY = 10;

export const GENERATION_PROBLEM_CODES = {
  "statement-too-large": {
    severity: "error",
    summary: "one statement is larger than a policy may be, and cannot be split soundly",
  },
  "too-many-policies": {
    severity: "error",
    summary: "a node or identity would need more policies than Alibaba Cloud allows",
  },
  "scope-not-applicable": {
    severity: "warning",
    summary: "a scope the target cannot enforce (a folder for a RAM target)",
  },
  "nothing-to-attach": { severity: "warning", summary: "no scope receives any policy" },
} as const;

export type GenerationProblemCode = keyof typeof GENERATION_PROBLEM_CODES;

const CONTROL_LABELS: Record<GuardrailControl, string> = {
  launch: "launches and system disk replacements from non-golden images",
  "tag-mutation": "protected tag changes on images",
  "image-creation": "images created, copied or imported with protected tags",
  "exempt-roles": "changes to the pipeline and break-glass roles by anyone but break-glass",
};

interface ScopePlan {
  readonly scope: GuardrailScope;
  readonly documents: readonly PlannedStatement[][];
  /** When the scope is exempted as a whole: the instant its policies start to deny. */
  readonly exemptUntil?: string;
}

export function generateGuardrailPolicies(
  spec: GuardrailSpec,
  target: GuardrailTarget,
  options: GenerateOptions,
): GeneratedPolicySet {
  const kind = target.kind === "resource-directory" ? "control" : "ram";
  const limit = SIZE_LIMITS[kind];
  const problems: Problem[] = [];
  const skipped: SkippedScope[] = [];
  const active = activeExemptions(spec.exemptions, options.now);
  const plans: ScopePlan[] = [];

  for (const scope of spec.scopes) {
    if (scope.mode === "audit") {
      skipped.push({
        scope: scope.key,
        reason: "audit",
        message: "audit mode: scanned only, nothing attached",
      });
      continue;
    }
    if (target.kind === "ram" && scope.selector.kind !== "account") {
      skipped.push({
        scope: scope.key,
        reason: "not-applicable",
        message: "a RAM target has no folders: only account scopes (by id) get RAM policies",
      });
      problems.push(
        problemAt(
          "scope-not-applicable",
          scope,
          `scope \`${scope.key}\` is a folder or a path, which a RAM target cannot enforce`,
          "plan with `--target rd` (control policies), or name the account scope by its 16-digit id",
        ),
      );
      continue;
    }
    // A scope exempted as a whole still gets its policies, each statement starting when the last
    // such exemption ends: the scope is enforced on time without waiting for a new apply.
    const wholeScope = scopeExemptions(scope, active);
    const notBefore = wholeScope
      .map((exemption) => exemption.endsAt)
      .sort()
      .at(-1);
    const context = { ...contextFor(scope, active), ...(notBefore === undefined ? {} : { notBefore }) };
    const packed = packStatements(planStatements(spec, context), limit);
    if (!packed.ok) {
      problems.push(
        problemAt(
          "statement-too-large",
          scope,
          `statement \`${packed.sid}\` alone takes ${packed.size} characters, more than a ${kind} policy's ${limit}`,
          "shorten the lists it repeats: fewer allowed tag values, trusted owners, pipeline or break-glass roles, or exempted accounts (a role name with `*` covers several)",
        ),
      );
      continue;
    }
    plans.push({
      scope,
      documents: packed.documents,
      ...(notBefore === undefined ? {} : { exemptUntil: notBefore }),
    });
  }

  const { policies, attachments } = namePolicies(spec, target, plans, problems);
  if (attachments.length === 0 && problems.every((problem) => problem.severity !== "error")) {
    problems.push({
      code: "nothing-to-attach",
      severity: "warning",
      path: "scopes",
      line: spec.scopes[0]?.at.line ?? 1,
      column: spec.scopes[0]?.at.column ?? 1,
      message: "no scope receives a policy, so nothing is blocked",
      help: "set `mode: enforce` on a scope the target can enforce",
    });
  }
  return {
    ok: problems.every((problem) => problem.severity !== "error"),
    target: target.kind,
    policies,
    attachments,
    skipped,
    notes: notesFor(spec, target, options.now),
    problems,
  };
}

/** Active exemptions that take the whole scope out: of the scope itself, or of its account. */
function scopeExemptions(scope: GuardrailScope, active: readonly Exemption[]): Exemption[] {
  return active.filter((exemption) => {
    if (exemption.scope !== undefined && exemption.scope !== scope.key) return false;
    if (exemption.target.kind === "scope") return exemption.scope === scope.key;
    return (
      exemption.target.kind === "account" &&
      scope.selector.kind === "account" &&
      exemption.target.accountId === scope.selector.id
    );
  });
}

function contextFor(scope: GuardrailScope, active: readonly Exemption[]): ScopeContext {
  const here = active.filter((exemption) => exemption.scope === undefined || exemption.scope === scope.key);
  const imageExemptions: TimedExemption[] = [];
  const exemptAccounts = new Map<string, string>();
  for (const exemption of here) {
    const target = exemption.target;
    if (target.kind === "image") imageExemptions.push({ key: exemption.id, endsAt: exemption.endsAt });
    // In an account scope only that account's exemption matters, and it skips the scope instead.
    if (target.kind === "account" && scope.selector.kind !== "account") {
      // Two exemptions of one account: it is exempt until the later one ends.
      const known = exemptAccounts.get(target.accountId);
      if (known === undefined || known < exemption.endsAt)
        exemptAccounts.set(target.accountId, exemption.endsAt);
    }
  }
  return {
    imageExemptions,
    exemptAccounts: [...exemptAccounts].map(([key, endsAt]) => ({ key, endsAt })),
  };
}

/**
 * Scopes whose documents are identical share policies; the names say which scope they were made
 * for only when the scopes differ.
 */
function namePolicies(
  spec: GuardrailSpec,
  target: GuardrailTarget,
  plans: readonly ScopePlan[],
  problems: Problem[],
): { policies: GeneratedPolicy[]; attachments: PolicyAttachment[] } {
  const kind = target.kind === "resource-directory" ? "control" : "ram";
  const groups = new Map<string, { first: GuardrailScope; documents: readonly PlannedStatement[][] }>();
  const groupOf = new Map<GuardrailScope, string>();
  for (const plan of plans) {
    const key = JSON.stringify(plan.documents.map((document) => documentOf(document)));
    if (!groups.has(key)) groups.set(key, { first: plan.scope, documents: plan.documents });
    groupOf.set(plan.scope, key);
  }
  const shared = groups.size <= 1;
  const policies: GeneratedPolicy[] = [];
  const namesOf = new Map<string, string[]>();
  const usedSlugs = new Set<string>();
  for (const [key, group] of groups) {
    const base = shared
      ? `${spec.generation.namePrefix}-guardrail`
      : `${spec.generation.namePrefix}-guardrail-${uniqueSlug(usedSlugs, group.first.key)}`;
    const names: string[] = [];
    group.documents.forEach((statements, index) => {
      const name = group.documents.length === 1 ? base : `${base}-${index + 1}`;
      names.push(name);
      const document = documentOf(statements);
      const controls = [...new Set(statements.map((statement) => statement.control))];
      policies.push({
        name,
        kind,
        summary: `denies ${controls.map((control) => CONTROL_LABELS[control]).join("; ")}`,
        description: `imageguard-guardrail_${controls.join("_")}`,
        document,
        text: `${formatDocument(document)}\n`,
        size: documentSize(document),
        sizeLimit: SIZE_LIMITS[kind],
        ...(kind === "control" ? { effectScope: spec.generation.effectScope } : {}),
        controls,
      });
    });
    namesOf.set(key, names);
  }

  const attachments: PolicyAttachment[] = [];
  for (const plan of plans) {
    const names = namesOf.get(groupOf.get(plan.scope) ?? "") ?? [];
    const { scope } = plan;
    if (target.kind === "resource-directory") {
      const slotsUsed = names.length + 1;
      if (slotsUsed > CONTROL_POLICIES_PER_NODE) {
        problems.push(
          problemAt(
            "too-many-policies",
            scope,
            `scope \`${scope.key}\` would need ${names.length} guardrail control policies besides \`FullAliyunAccess\`, more than the ${CONTROL_POLICIES_PER_NODE} a node may hold`,
            "shorten the spec's lists (allowed tag values, trusted owners, roles, exempted accounts) so the statements fit in fewer policies",
          ),
        );
      }
      attachments.push({
        target: { kind: "rd-node", scope: scope.key, selector: scope.selector },
        policies: names,
        slotsUsed,
        slotLimit: CONTROL_POLICIES_PER_NODE,
        ...(plan.exemptUntil === undefined ? {} : { exemptUntil: plan.exemptUntil }),
      });
    } else if (scope.selector.kind === "account") {
      if (names.length > CUSTOM_POLICIES_PER_IDENTITY) {
        problems.push(
          problemAt(
            "too-many-policies",
            scope,
            `account \`${scope.key}\` would need ${names.length} guardrail RAM policies per identity, more than the ${CUSTOM_POLICIES_PER_IDENTITY} custom policies a user, group or role may hold`,
            "shorten the spec's lists so the statements fit in fewer policies",
          ),
        );
      }
      attachments.push({
        target: {
          kind: "ram-identities",
          scope: scope.key,
          accountId: scope.selector.id,
          exceptRoles: spec.breakGlass.roles.map((role) => role.principalPattern),
        },
        policies: names,
        slotsUsed: names.length,
        slotLimit: CUSTOM_POLICIES_PER_IDENTITY,
        ...(plan.exemptUntil === undefined ? {} : { exemptUntil: plan.exemptUntil }),
      });
    }
  }
  return { policies, attachments };
}

/**
 * Two-space JSON with short string lists on one line: whitespace outside strings does not count
 * against the size limit, and a statement then reads in a dozen lines instead of forty.
 */
export function formatDocument(value: unknown, indent = ""): string {
  if (Array.isArray(value)) {
    const inline = `[${value.map((item) => JSON.stringify(item)).join(", ")}]`;
    if (value.every((item) => typeof item === "string") && indent.length + inline.length <= 96) return inline;
    const inner = `${indent}  `;
    return `[\n${value.map((item) => `${inner}${formatDocument(item, inner)}`).join(",\n")}\n${indent}]`;
  }
  if (typeof value === "object" && value !== null) {
    const inner = `${indent}  `;
    const entries = Object.entries(value).map(
      ([key, item]) => `${inner}${JSON.stringify(key)}: ${formatDocument(item, inner)}`,
    );
    return `{\n${entries.join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function uniqueSlug(used: Set<string>, key: string): string {
  const base =
    key
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 48) || "scope";
  let slug = base;
  for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
  used.add(slug);
  return slug;
}

function problemAt(
  code: GenerationProblemCode,
  scope: GuardrailScope,
  message: string,
  help: string,
): Problem {
  return {
    code,
    severity: GENERATION_PROBLEM_CODES[code].severity,
    path: scope.at.path,
    line: scope.at.line,
    column: scope.at.column,
    message,
    help,
  };
}

function notesFor(spec: GuardrailSpec, target: GuardrailTarget, now: Date): string[] {
  const notes: string[] = [];
  const golden = spec.golden;
  const scanOnly = [
    ...(golden.maxImageAgeDays === undefined ? [] : [`image age (at most ${golden.maxImageAgeDays} days)`]),
    `deprecation (${golden.deprecationGraceDays} grace days)`,
  ];
  notes.push(
    `${scanOnly.join(" and ")} cannot be written in a policy (no condition key carries an image's age or deprecation): the scan reports images and instances that fail them`,
  );
  const exemptRoles = [...spec.pipeline.roles, ...spec.breakGlass.roles].map(
    (role) => `\`${role.principalPattern}\``,
  );
  if (exemptRoles.length > 0) {
    notes.push(
      `the roles the statements leave out (${exemptRoles.join(", ")}) cannot be updated (trust policy), deleted, created or have policies attached or detached by anyone but a break-glass role: whoever could would hold their exemption; change them as a break-glass role`,
    );
  }
  if (target.kind === "resource-directory") {
    notes.push(
      "`FullAliyunAccess` stays attached to every node: the guardrail only denies, so it restricts without allow-list mode",
    );
    notes.push(
      spec.generation.effectScope === "All"
        ? "effect scope `All`: member accounts' root identities are held as well as RAM users and roles"
        : "effect scope `RAM`: member accounts' root identities are not held; keep their AccessKeys disabled",
    );
  } else {
    const roles = spec.breakGlass.roles.map((role) => `\`${role.principalPattern}\``);
    notes.push(
      `attach the RAM policies to every RAM user, group and role of each account${roles.length === 0 ? "" : `, except the break-glass roles ${roles.join(", ")}`}, and to each one created later; pipeline roles get them too (their statements leave the pipeline's own actions out)`,
    );
    notes.push("RAM policies do not hold the account's root identity: keep its AccessKeys disabled");
  }
  for (const exemption of spec.exemptions) {
    if (exemptionState(exemption, now) === "expired") {
      notes.push(`exemption \`${exemption.id}\` expired at \`${exemption.expiresAt}\`: not honoured`);
      continue;
    }
    const target = exemption.target;
    if (target.kind === "image") {
      notes.push(
        `exemption \`${exemption.id}\`: launches are allowed from images tagged \`${spec.exemptionTagKey}: ${exemption.id}\` (the pipeline or a break-glass role tags \`${target.imageId}\`); it relaxes the tag criteria only, not owner or source`,
      );
    } else if (target.kind === "instance") {
      notes.push(
        `exemption \`${exemption.id}\` (instance \`${target.instanceId}\`) is honoured by the scan and remediation only: a policy cannot leave out one instance`,
      );
    } else if (target.kind === "scope") {
      notes.push(
        `exemption \`${exemption.id}\`: scope \`${exemption.scope ?? ""}\` gets its policies now, every statement denying from \`${exemption.endsAt}\` on (\`acs:CurrentTime\`)`,
      );
    } else if (target.kind === "account") {
      notes.push(
        `exemption \`${exemption.id}\`: principals of account \`${target.accountId}\` are left out through \`acs:PrincipalARN\` \`${accountPattern(target.accountId)}\``,
      );
    }
  }
  return notes;
}
