import { makeContext, parsePolicy } from "../../../policy/index.js";
import type { ContextValue, NamedPolicy } from "../../../policy/index.js";
import { newAccessKeySecret, newSecurityToken, newStsAccessKeyId } from "../../model/index.js";
import type { RamRole, StsSessionWithSecrets } from "../../model/index.js";
import type { ParamReader } from "../../http/index.js";
import type { CallContext } from "../handler.js";
import { describeProblems } from "../ram/errors.js";
import { declareHandler } from "../declared-parameters.js";
import { invalidStsParameter, missingStsParameter, roleNotExist, rootCannotAssumeRole } from "./errors.js";

// sts:AssumeRole. The runtime has already decided the catalog's check: the caller's own policies
// must allow `sts:AssumeRole` on the role's ARN. Here: the parameters, the role, then the role's
// trust policy (ctx.authorizeAssumeRole, which refuses with a 403 of policy type AssumeRolePolicy),
// then a session with temporary credentials.
//
// From Alibaba's AssumeRole reference: RoleSessionName 2..64 characters of letters, digits and
// `.@-_`; DurationSeconds from 900 to the role's MaxSessionDuration, default 3600; Policy (the
// session policy) at most 1,024 characters; only RAM users and RAM roles may call it, not the
// account's root identity. A role session may assume another role (role chaining): Alibaba
// documents no shorter limit for it, so the same limits apply [decision].

const DEFAULT_DURATION_SECONDS = 3600;
const MIN_DURATION_SECONDS = 900;

const ROLE_ARN = /^acs:ram::(\d{1,32}):role\/([A-Za-z0-9.-]{1,64})$/;
const SESSION_NAME = /^[A-Za-z0-9.@_-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/;

function required(params: ParamReader, name: string): string {
  const value = params.optStr(name);
  if (value === undefined || value === "") throw missingStsParameter(name);
  return value;
}

function optionalMatching(
  params: ParamReader,
  name: string,
  pattern: RegExp,
  rule: string,
): string | undefined {
  const value = params.optStr(name);
  if (value === undefined || value === "") return undefined;
  if (!pattern.test(value))
    throw invalidStsParameter(name, `The parameter ${name} is wrongly formed: ${rule}.`);
  return value;
}

function readDuration(params: ParamReader): number {
  const raw = params.optStr("DurationSeconds");
  if (raw === undefined || raw === "") return DEFAULT_DURATION_SECONDS;
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value)) {
    throw invalidStsParameter(
      "DurationSeconds",
      `The DurationSeconds is invalid: \`${raw}\` is not a whole number of seconds.`,
    );
  }
  return value;
}

/** The session policy, validated as a session policy (Alibaba's two codes: size, then grammar). */
function readSessionPolicy(params: ParamReader): string | undefined {
  const text = params.optStr("Policy");
  if (text === undefined || text === "") return undefined;
  const parsed = parsePolicy(text, "session");
  if (parsed.ok) return text;
  const errors = parsed.problems.filter((problem) => problem.severity === "error");
  if (errors.some((problem) => problem.code === "policy-too-large")) {
    throw invalidStsParameter(
      "PolicySize",
      `The size of Policy must be smaller than 1024 bytes. ${describeProblems("Policy", errors)}`,
    );
  }
  throw invalidStsParameter(
    "PolicyGrammar",
    `The parameter Policy has not passed grammar check. ${describeProblems("Policy", parsed.problems)}`,
  );
}

/** The role an ARN names. Role ARNs carry the role name in lower case; accept any case, as RAM does. */
async function findRole(ctx: CallContext, arn: string): Promise<RamRole> {
  const match = ROLE_ARN.exec(arn);
  if (match === null) {
    throw invalidStsParameter(
      "RoleArn",
      `The parameter RoleArn is wrongly formed: \`${arn}\`. Use acs:ram::<account id>:role/<role name>.`,
    );
  }
  const canonical = `acs:ram::${match[1] ?? ""}:role/${(match[2] ?? "").toLowerCase()}`;
  const role = await ctx.store.ram.roles.getByArn(canonical);
  if (role === undefined) throw roleNotExist(arn);
  return role;
}

/**
 * A session's source identity stays with it through role chaining: a session made by a session
 * that carries one carries the same, and may not name another.
 */
async function sourceIdentityOf(
  ctx: CallContext,
  requested: string | undefined,
): Promise<string | undefined> {
  if (ctx.caller.kind !== "role-session") return requested;
  const inherited = (await ctx.store.sts.get(ctx.caller.accessKeyId))?.sourceIdentity;
  if (inherited === undefined) return requested;
  if (requested !== undefined && requested !== inherited) {
    throw invalidStsParameter(
      "SourceIdentity",
      `The SourceIdentity of a role session cannot be changed: the caller's session carries \`${inherited}\`.`,
    );
  }
  return inherited;
}

/** STS writes times as `2015-04-09T11:52:19Z`. */
function wireTime(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, "Z");
}

export const assumeRole = declareHandler({
  product: "sts",
  action: "AssumeRole",
  access: "write",
  secretResponse: true,
  parameters: {
    accepted: ["DurationSeconds", "ExternalId", "Policy", "RoleArn", "RoleSessionName", "SourceIdentity"],
  },
  async handle(ctx) {
    const roleArnParam = required(ctx.params, "RoleArn");
    const sessionName = required(ctx.params, "RoleSessionName");
    if (!SESSION_NAME.test(sessionName)) {
      throw invalidStsParameter(
        "RoleSessionName",
        "The parameter RoleSessionName is wrongly formed: it must be 2 to 64 characters of letters, digits, periods (.), at signs (@), hyphens (-) and underscores (_).",
      );
    }
    const duration = readDuration(ctx.params);
    const sessionPolicy = readSessionPolicy(ctx.params);
    const externalId = optionalMatching(
      ctx.params,
      "ExternalId",
      EXTERNAL_ID,
      "2 to 1224 characters of letters, digits and `=,.@:/-_+`",
    );
    const requestedSource = optionalMatching(
      ctx.params,
      "SourceIdentity",
      SOURCE_IDENTITY,
      "2 to 64 characters of letters, digits and `=,.@-_+`",
    );
    if (ctx.caller.kind === "root") throw rootCannotAssumeRole();

    const role = await findRole(ctx, roleArnParam);
    if (duration < MIN_DURATION_SECONDS || duration > role.maxSessionDuration) {
      throw invalidStsParameter(
        "DurationSeconds",
        `The Min/Max value of DurationSeconds is ${MIN_DURATION_SECONDS}s/${role.maxSessionDuration}s (the role's MaxSessionDuration), got ${duration}.`,
      );
    }
    const sourceIdentity = await sourceIdentityOf(ctx, requestedSource);

    const trustParsed = parsePolicy(role.assumeRolePolicyDocument, "trust");
    // RAM validated the trust policy when it was written; one that no longer parses admits nobody.
    if (!trustParsed.ok)
      throw invalidStsParameter("RoleArn", `The trust policy of ${role.arn} cannot be read.`);
    const trust: NamedPolicy = {
      name: role.roleName,
      attachedTo: `role/${role.roleName}`,
      policy: trustParsed.policy,
    };
    const context: Record<string, ContextValue> = {};
    if (externalId !== undefined) context["sts:ExternalId"] = externalId;
    if (sourceIdentity !== undefined) context["sts:SourceIdentity"] = sourceIdentity;
    await ctx.authorizeAssumeRole(
      { action: "sts:AssumeRole", resources: [role.arn], context: makeContext(context) },
      trust,
    );
    ctx.finishDryRun();

    const expiresAt = new Date(ctx.now.getTime() + duration * 1000);
    const session: StsSessionWithSecrets = {
      accessKeyId: newStsAccessKeyId(),
      accessKeySecret: newAccessKeySecret(),
      securityToken: newSecurityToken(),
      accountId: role.accountId,
      roleId: role.roleId,
      roleArn: role.arn,
      roleSessionName: sessionName,
      callerArn: ctx.caller.arn,
      sessionPolicy,
      sourceIdentity,
      createdAt: ctx.now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    };
    await ctx.store.sts.insert(session);
    return {
      Credentials: {
        AccessKeyId: session.accessKeyId,
        AccessKeySecret: session.accessKeySecret,
        SecurityToken: session.securityToken,
        Expiration: wireTime(expiresAt),
      },
      AssumedRoleUser: {
        Arn: `${role.arn}/${sessionName}`,
        AssumedRoleId: `${role.roleId}:${sessionName}`,
      },
      SourceIdentity: sourceIdentity,
    };
  },
});
