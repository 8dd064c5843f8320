// The stable codes of imageguard.yaml problems. A code is an API (scripts and the console match on
// it), so codes are only ever added. docs/guardrail-spec.md explains each; a test keeps both in step.

export interface SpecProblemInfo {
  readonly severity: "error" | "warning";
  /** One line, lower case. */
  readonly summary: string;
}

export const SPEC_PROBLEM_CODES = {
  "yaml-syntax": { severity: "error", summary: "the file is not valid YAML" },
  "wrong-type": { severity: "error", summary: "a field holds the wrong kind of value" },
  "unknown-field": { severity: "error", summary: "a field the format does not define" },
  "missing-field": { severity: "error", summary: "a required field is absent" },
  "unsupported-version": { severity: "error", summary: "`version` is not `1`" },
  "empty-list": { severity: "error", summary: "a list or mapping that must have entries is empty" },
  "duplicate-entry": { severity: "error", summary: "the same value, scope or id is given twice" },
  "unquoted-account-id": {
    severity: "error",
    summary: "an account id is written as a number, which YAML may round",
  },
  "invalid-account-id": { severity: "error", summary: "an account id is not 16 digits" },
  "invalid-tag-key": { severity: "error", summary: "a tag key Alibaba Cloud would not accept" },
  "invalid-tag-value": { severity: "error", summary: "a tag value Alibaba Cloud would not accept" },
  "invalid-choice": { severity: "error", summary: "a value outside the field's fixed set" },
  "invalid-number": { severity: "error", summary: "a number out of range or not a whole number" },
  "invalid-scope": { severity: "error", summary: "a scope names no Resource Directory node" },
  "invalid-role": { severity: "error", summary: "a role is neither a RAM role ARN nor a role name" },
  "unpinned-role": {
    severity: "error",
    summary: "a role given by bare name, which would match that role in any account",
  },
  "invalid-date": { severity: "error", summary: "`expiresAt` is not a date or a date-time with offset" },
  "invalid-exemption-id": { severity: "error", summary: "an exemption id is not lower-case kebab-case" },
  "invalid-resource-id": { severity: "error", summary: "an image or instance id is malformed" },
  "invalid-name": { severity: "error", summary: "a policy name prefix Alibaba Cloud would not accept" },
  "unknown-scope": { severity: "error", summary: "an exemption names a scope the spec does not declare" },
  "exemption-target-conflict": {
    severity: "error",
    summary: "an exemption names more than one of `account`, `image`, `instance`",
  },
  "exemption-without-target": {
    severity: "error",
    summary: "an exemption names neither a scope nor an account, image or instance",
  },
  "exemption-tag-conflict": {
    severity: "error",
    summary: "the exemption tag key is also a required tag key",
  },
  "exemption-not-expressible": {
    severity: "error",
    summary: "a scope exemption inside an enforced scope, which control policies cannot leave out",
  },
  "unprotected-required-tag": {
    severity: "warning",
    summary: "a required tag key is not protected, so anyone may set it on an image",
  },
  "scope-inside-enforced": {
    severity: "warning",
    summary: "an audit scope lies inside an enforced scope and is enforced anyway",
  },
  "no-enforced-scope": { severity: "warning", summary: "no scope is in `enforce` mode: nothing is blocked" },
  "role-any-account": {
    severity: "warning",
    summary: "a role ARN with `*` for the account: any member account can create it and be exempt",
  },
  "exemption-expired": { severity: "warning", summary: "an exemption's `expiresAt` has passed" },
} as const satisfies Record<string, SpecProblemInfo>;

export type SpecProblemCode = keyof typeof SPEC_PROBLEM_CODES;
