import type { StatementRequirement } from "./statement-scope.js";
import { siteAt } from "./reporter.js";
import { memberPath } from "./path.js";

// Missing elements have no position of their own: they are reported at the statement's `{`,
// under the path of the element that should be there.

const requireEffect: StatementRequirement = (scope) => {
  if (scope.members.has("Effect")) return;
  scope.reporter.report(
    "missing-effect",
    siteAt(memberPath(scope.path, "Effect"), scope.node),
    "the statement has no `Effect`",
  );
};

const requireOneAction: StatementRequirement = (scope) => {
  const notAction = scope.members.get("NotAction");
  if (scope.members.has("Action") && notAction !== undefined) {
    scope.reporter.report(
      "action-and-not-action",
      siteAt(memberPath(scope.path, "NotAction"), notAction.keyPosition),
      "the statement has both `Action` and `NotAction`",
    );
  } else if (!scope.members.has("Action") && notAction === undefined) {
    scope.reporter.report(
      "missing-action",
      siteAt(memberPath(scope.path, "Action"), scope.node),
      "the statement has no `Action` or `NotAction`",
      scope.kind === "trust" ? 'add `"Action": "sts:AssumeRole"`' : undefined,
    );
  }
};

const requireResource: StatementRequirement = (scope) => {
  // Trust statements must not have one (the Resource rule says so); a NotResource has already
  // been reported with the advice to use Resource.
  if (scope.kind === "trust" || scope.members.has("Resource") || scope.members.has("NotResource")) return;
  scope.reporter.report(
    "missing-resource",
    siteAt(memberPath(scope.path, "Resource"), scope.node),
    "the statement has no `Resource`",
  );
};

const requirePrincipal: StatementRequirement = (scope) => {
  if (scope.kind !== "trust" || scope.members.has("Principal") || scope.members.has("NotPrincipal")) return;
  scope.reporter.report(
    "missing-principal",
    siteAt(memberPath(scope.path, "Principal"), scope.node),
    "the trust policy statement has no `Principal`",
  );
};

export const statementRequirements: readonly StatementRequirement[] = [
  requireEffect,
  requireOneAction,
  requireResource,
  requirePrincipal,
];
