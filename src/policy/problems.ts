// The stable list of validation codes. A code is an API: tools, test vectors and users' scripts
// match on it, so codes are only ever added, never renamed. docs/policy-problems.md explains each.

export interface ProblemCodeInfo {
  readonly severity: "error" | "warning";
  /** What the code means, one line, lower case. */
  readonly summary: string;
  /** The general fix; a problem may carry a more specific `help`. */
  readonly help: string;
}

const codes = {
  // The text itself
  "json-syntax": {
    severity: "error",
    summary: "the document is not valid JSON",
    help: "fix the JSON syntax at the reported position",
  },
  "json-comment": {
    severity: "error",
    summary: "the document contains a comment, which JSON does not allow",
    help: "remove the comment; to label a statement, give it a `Sid`",
  },
  "json-trailing-comma": {
    severity: "error",
    summary: "a comma follows the last element of an object or array",
    help: "remove the comma after the last element",
  },
  "json-too-deep": {
    severity: "error",
    summary: "objects and arrays are nested too deeply to be a policy",
    help: "a policy needs at most five levels of nesting; check for runaway brackets",
  },
  "duplicate-key": {
    severity: "error",
    summary: "an object has the same key twice",
    help: "keep one of them; parsers disagree about which one wins",
  },
  "policy-too-large": {
    severity: "error",
    summary: "the document is larger than its kind allows",
    help: "split the policy into several policies, or use wildcards to shorten action and resource lists",
  },

  // The document
  "not-an-object": {
    severity: "error",
    summary: "the document is not a JSON object",
    help: 'a policy is an object: `{"Version": "1", "Statement": [...]}`',
  },
  "missing-version": {
    severity: "error",
    summary: "the document has no `Version`",
    help: 'add `"Version": "1"`',
  },
  "invalid-version": {
    severity: "error",
    summary: '`Version` is not the string `"1"`',
    help: 'write `"Version": "1"`; it is the only policy language version of Alibaba Cloud RAM',
  },
  "missing-statement": {
    severity: "error",
    summary: "the document has no `Statement`",
    help: 'add `"Statement": [ ... ]` with at least one statement',
  },
  "statement-not-array": {
    severity: "error",
    summary: "`Statement` is not an array",
    help: "write the statements in an array: `[ {...}, {...} ]`",
  },
  "empty-statement": {
    severity: "error",
    summary: "`Statement` is an empty array",
    help: "add at least one statement",
  },
  "statement-not-object": {
    severity: "error",
    summary: "an element of `Statement` is not an object",
    help: "each statement is an object with `Effect`, `Action` and `Resource`",
  },
  "unknown-element": {
    severity: "error",
    summary: "an element that is not part of the policy grammar",
    help: "remove it or correct its spelling; element names are case-sensitive",
  },
  "invalid-type": {
    severity: "error",
    summary: "a value has the wrong JSON type",
    help: "use the type the message names",
  },
  "empty-array": {
    severity: "error",
    summary: "an array that must list something is empty",
    help: "list at least one value, or remove the element",
  },
  "empty-string": {
    severity: "error",
    summary: "an empty string where a name or pattern is needed",
    help: "write the value, or remove it from the list",
  },

  // Statements
  "missing-effect": {
    severity: "error",
    summary: "a statement has no `Effect`",
    help: 'add `"Effect": "Allow"` or `"Effect": "Deny"`',
  },
  "invalid-effect": {
    severity: "error",
    summary: "`Effect` is not `Allow` or `Deny`",
    help: "write `Allow` or `Deny`, capitalised",
  },
  "duplicate-sid": {
    severity: "error",
    summary: "two statements of one document have the same `Sid`",
    help: "give each statement its own `Sid`, or remove one",
  },
  "missing-action": {
    severity: "error",
    summary: "a statement has neither `Action` nor `NotAction`",
    help: 'add `"Action": ["<service>:<Action>"]`',
  },
  "action-and-not-action": {
    severity: "error",
    summary: "a statement has both `Action` and `NotAction`",
    help: "keep one of them; split the statement in two if you need both",
  },
  "invalid-action": {
    severity: "error",
    summary: "an action is not `*` or `<service>:<Action>`",
    help: "write actions as `<service>:<Action>`, e.g. `ecs:RunInstances`; `*` and `?` are wildcards",
  },
  "missing-resource": {
    severity: "error",
    summary: "a statement has no `Resource`",
    help: 'add `"Resource": "*"` or the ARNs it applies to, e.g. `acs:ecs:*:*:image/*`',
  },
  "invalid-resource": {
    severity: "error",
    summary: "a resource is not `*` or an ARN starting with `acs:`",
    help: "write `acs:<service>:<region>:<account-id>:<relative-id>` or `*`",
  },
  "short-resource-arn": {
    severity: "warning",
    summary: "a resource ARN without wildcards has fewer than five `:`-separated parts",
    help: "ARNs are `acs:<service>:<region>:<account-id>:<relative-id>`; leave a part empty rather than out, or use `*`",
  },
  "not-resource": {
    severity: "error",
    summary: "`NotResource` is used, which Alibaba Cloud RAM does not have",
    help: "list the resources in `Resource`, or add a `Deny` statement for the resources to exclude",
  },

  // Trust policies and principals
  "principal-not-allowed": {
    severity: "error",
    summary: "`Principal` appears in a policy that is not a trust policy",
    help: "remove `Principal`; the principal is whoever the policy is attached to",
  },
  "missing-principal": {
    severity: "error",
    summary: "a trust policy statement has no `Principal`",
    help: 'add `"Principal": {"RAM": ["acs:ram::<account-id>:root"]}` or a `Service` / `Federated` principal',
  },
  "invalid-principal": {
    severity: "error",
    summary: "`Principal` is not an object of `RAM`, `Service` and `Federated` lists",
    help: 'write `"Principal": {"RAM": [...], "Service": [...], "Federated": [...]}` (any of the three)',
  },
  "not-principal": {
    severity: "error",
    summary: "`NotPrincipal` is used, which is AWS IAM syntax",
    help: "name the trusted principals in `Principal`",
  },
  "resource-in-trust-policy": {
    severity: "error",
    summary: "a trust policy statement has `Resource`",
    help: "remove `Resource`; a trust policy always applies to its own role",
  },
  "invalid-trust-action": {
    severity: "error",
    summary: "a trust policy statement names an action other than assuming the role",
    help: "use `sts:AssumeRole`, `sts:AssumeRoleWithSAML` or `sts:AssumeRoleWithOIDC` in `Action`",
  },

  // Conditions
  "empty-condition": {
    severity: "error",
    summary: "`Condition` or one of its operator blocks is empty",
    help: "add a condition, or remove the empty block",
  },
  "unknown-condition-operator": {
    severity: "error",
    summary: "a condition operator that Alibaba Cloud RAM does not have",
    help: "use one of the 21 operators: String*, Numeric*, Date*, `Bool`, `IpAddress`, `NotIpAddress`",
  },
  "aws-only-condition-operator": {
    severity: "error",
    summary: "condition syntax from AWS IAM that Alibaba Cloud RAM does not support",
    help: "rewrite the condition with Alibaba Cloud RAM's operators",
  },
  "invalid-condition-key": {
    severity: "error",
    summary: "a condition key is not `<prefix>:<name>`",
    help: "write keys like `acs:SourceIp`, `ecs:ImageOwnerId` or `acs:ResourceTag/<tag key>`",
  },
  "empty-tag-key": {
    severity: "error",
    summary: "`acs:ResourceTag/` or `acs:RequestTag/` without a tag key",
    help: "name the tag key after the slash, e.g. `acs:ResourceTag/environment`",
  },
  "non-string-condition-value": {
    severity: "warning",
    summary: "a condition value is a JSON number or boolean; it is read as its string form",
    help: 'write the value as a string, e.g. `"true"` or `"100"`',
  },
  "invalid-condition-value": {
    severity: "error",
    summary: "a condition value that its operator cannot read",
    help: "write a value of the operator's type: a number, an ISO 8601 date with offset, `true`/`false`, or an IP address or CIDR block",
  },
} as const satisfies Record<string, ProblemCodeInfo>;

export type ProblemCode = keyof typeof codes;

/** Every validation code with its severity, meaning and general fix. */
export const PROBLEM_CODES: Readonly<Record<ProblemCode, ProblemCodeInfo>> = codes;
