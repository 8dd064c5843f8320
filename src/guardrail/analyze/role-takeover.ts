// The requests that take an exempt role over: a principal that may rewrite the trust policy of a
// role the guardrail leaves out (`ram:UpdateRole`), or delete it and create it again under its name
// (`ram:DeleteRole`), can then assume it and do whatever the role is exempt from. Such a request
// answers the same question as the role's own exempt action, one step removed.
//
// The role's name is the request's only free part: it is chosen as the image ids are (arn-space.ts),
// each exempt role's name pattern one more test, so every way the policies' `Resource` patterns can
// match a name that is an exempt role's is tried once.
import { compileWildcard } from "../../policy/index.js";
import type { ResourceLookup } from "../../catalog/index.js";
import { wildcardAutomaton } from "./automaton.js";
import { ID_FORBIDDEN, exploreArnSpace } from "./arn-space.js";
import { globalDimensions } from "./request-space.js";
import { statementPatternIndices } from "./statements.js";
import type { Case, SpaceInput, Tally } from "./request-space.js";

/** Only these change who holds a role; attaching or detaching policies changes what it may do. */
export const ROLE_TAKEOVER_ACTIONS: readonly string[] = ["ram:DeleteRole", "ram:UpdateRole"];

/** A role the analysis expects to get past the guardrail, as `ExpectedAccess` names it. */
export interface ExemptRole {
  /** `acs:ram:*:<account or *>:role/<name pattern>`. */
  readonly pattern: string;
  /** Why it is exempt, for the finding: `pipeline role \`…\``. */
  readonly reason: string;
}

const ROLE_PART = ":role/";
const NO_RESOURCES: ResourceLookup = {
  resource: () => undefined,
  image: () => undefined,
  rdPath: () => undefined,
};

/** The role patterns among expected principals (account patterns are not roles to take over). */
export function isRolePattern(pattern: string): boolean {
  return pattern.includes(ROLE_PART);
}

export function* enumerateTakeoverCases(
  input: SpaceInput,
  roles: readonly ExemptRole[],
  tally: Tally,
): Generator<Case> {
  const account = input.principal.accountId;
  // RAM acts in the caller's account: only roles that may live there can be taken over.
  const matchers = roles.map((role) => ({
    role,
    matches: compileWildcard(role.pattern, { caseInsensitive: true }),
  }));
  const names = roles.map((role) => role.pattern.slice(role.pattern.indexOf(ROLE_PART) + ROLE_PART.length));
  const space = exploreArnSpace({
    shapes: [
      {
        id: input.entry.ramAction,
        segments: [{ text: `acs:ram::${account}:role/` }, { variable: "RoleName" }],
      },
    ],
    variables: {
      RoleName: {
        preferred: names.map((name) => name.replace(/[*?]/g, "x")),
        nonEmpty: true,
        valueTests: names.map((name) => wildcardAutomaton(name)),
        forbidden: ID_FORBIDDEN,
      },
    },
    patterns: input.view.patterns,
    checkOf: [0],
    contextOf: [""],
    statements: statementPatternIndices(input.view),
    maxStates: input.maxStates,
    maxAssignments: input.maxCases,
  });
  if (space.capped) tally.capped = true;
  tally.limits.push(...space.limits);
  const globals = globalDimensions(input, tally);
  const verb =
    input.entry.ramAction === "ram:UpdateRole"
      ? "rewrites the trust policy of"
      : "deletes, to create again under its name,";
  let emitted = 0;
  for (const assignment of space.assignments) {
    const roleName = assignment.values["RoleName"] ?? "";
    // The ARN the role has, and the catalog checks: RAM writes role names in lower case.
    const arn = `acs:ram::${account}:role/${roleName.toLowerCase()}`;
    const held = matchers.find((matcher) => matcher.matches(arn));
    if (held === undefined) continue;
    for (const global of globals) {
      if (emitted >= input.maxCases) {
        tally.capped = true;
        return;
      }
      emitted++;
      yield {
        params: { RoleName: roleName },
        regionId: "cn-hangzhou",
        assumes: [],
        lookup: NO_RESOURCES,
        globals: global,
        arns: [arn],
        why: `${verb} \`${arn}\` (${held.role.reason}), then acts as it`,
        score: Object.keys(global).length,
      };
    }
  }
}
