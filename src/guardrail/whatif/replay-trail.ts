// What-if replay: every recorded call decided twice — in today's organisation, and in the same
// organisation with the proposed policy attached — and the calls whose decision changes, grouped.
//
// Each call is replayed from the checks the local cloud recorded with it (`decision.checks`): the
// action, the resource set and the whole context, tags and time included. So no state of the time
// is needed, and a launch from an image that was untagged then is judged untagged even if the image
// has been tagged since. A call's result is its first check that is not allowed, in recorded order,
// as the cloud decides calls. Limits (docs/whatif.md): checks after a refused one were never made;
// a role's trust policy is taken as recorded; the organisation's chains stand for today's.
import { authorize, compileChain } from "../../policy/index.js";
import type { ChainInput, CompiledChain, DecidingPolicy, DecisionResult } from "../../policy/index.js";
import type { OrgModel, OrgPrincipal } from "../org-model.js";
import { attachProposed, roleNameOf } from "./attach-proposed.js";
import { imageGroups, principalGroups, summaryGroups } from "./group-changes.js";
import { readTrailEvent } from "./read-trail-event.js";
import type { RecordedCall, ReplayCheck, TrailIdentity } from "./read-trail-event.js";
import type {
  CallVerdict,
  ChangeKind,
  ChangedCall,
  NotReplayedCall,
  NotReplayedReason,
  ReplayedPrincipal,
  TrailEvent,
  WhatIfResult,
  WhatIfWorld,
} from "./types.js";

export function replayTrail(events: readonly TrailEvent[], world: WhatIfWorld): WhatIfResult {
  const attached = attachProposed(world.today, world.proposed);
  if (!attached.ok) return { ok: false, problems: attached.problems };
  const { chains: proposed } = attached;

  const findPrincipal = principalFinder(world.today);
  const compiled = new Map<ChainInput, CompiledChain>();
  const compile = (input: ChainInput): CompiledChain => {
    let chain = compiled.get(input);
    if (chain === undefined) {
      chain = compileChain(input);
      compiled.set(input, chain);
    }
    return chain;
  };

  const changed: ChangedCall[] = [];
  const notReplayed: NotReplayedCall[] = [];
  let replayed = 0;
  let differFromRecord = 0;
  for (const event of events) {
    const read = readTrailEvent(event);
    if (!read.ok) {
      notReplayed.push(read.notReplayed);
      continue;
    }
    const call = read.call;
    const principal = findPrincipal(call.identity);
    if (principal === undefined) {
      notReplayed.push({
        eventId: call.eventId,
        ...(call.requestId === undefined ? {} : { requestId: call.requestId }),
        eventTime: call.eventTime,
        eventName: call.eventName,
        callerArn: call.identity.arn,
        reason: "unknown-principal",
        message: `\`${call.identity.arn}\` is not in the organisation`,
      });
      continue;
    }
    replayed++;
    const before = decideCall(compile(principal.chain), call.checks);
    const after = decideCall(compile(proposed.chainFor(principal)), call.checks);
    if (before.result !== call.recordedResult) differFromRecord++;
    if (before.result === after.result) continue;
    changed.push(changedCall(call, principal, before, after));
  }

  // ISO 8601 times of one format sort as text; the sort is stable for equal times.
  changed.sort((a, b) => (a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : 0));
  const byReason: Record<NotReplayedReason, number> = {
    "no-decision": 0,
    "no-checks-recorded": 0,
    "malformed-checks": 0,
    "no-principal": 0,
    "unknown-principal": 0,
  };
  for (const call of notReplayed) byReason[call.reason]++;
  return {
    ok: true,
    problems: [],
    report: {
      proposed: proposed.attachment,
      summary: summaryGroups(changed),
      byPrincipal: principalGroups(changed),
      byImage: imageGroups(changed),
      changed,
      totals: {
        events: events.length,
        replayed,
        changed: changed.length,
        unchanged: replayed - changed.length,
        notReplayed: notReplayed.length,
        differFromRecord,
      },
      notReplayed: { byReason, calls: notReplayed },
    },
  };
}

// ---------------------------------------------------------------------------------------------

/** The first check that is not allowed decides, as in the cloud; else the last (allowed) check. */
function decideCall(chain: CompiledChain, checks: readonly ReplayCheck[]): CallVerdict {
  let verdict: CallVerdict | undefined;
  for (const [index, check] of checks.entries()) {
    const decided = decideCheck(chain, check);
    verdict = { result: decided.result, check: index, decidedBy: decided.decidedBy };
    if (decided.result !== "Allow") return verdict;
  }
  // readTrailEvent never yields a call without checks.
  return verdict as CallVerdict;
}

function decideCheck(
  chain: CompiledChain,
  check: ReplayCheck,
): { result: DecisionResult; decidedBy: DecidingPolicy } {
  const decision = authorize(chain, check.request);
  // A trust policy is the role's, not the caller's: no proposal changes it, and it is not recorded.
  // What it said then stands, once the caller's own chain allows.
  if (decision.result === "Allow" && check.trust === "refused") {
    return {
      result: check.result === "ExplicitDeny" ? "ExplicitDeny" : "ImplicitDeny",
      decidedBy: {
        policyType: "AssumeRolePolicy",
        reason:
          "the role's trust policy did not admit the caller (as recorded: trust policies are not replayed)",
      },
    };
  }
  return decision;
}

function changedCall(
  call: RecordedCall,
  principal: OrgPrincipal,
  before: CallVerdict,
  after: CallVerdict,
): ChangedCall {
  const change: ChangeKind =
    before.result === "Allow" ? "now-denied" : after.result === "Allow" ? "now-allowed" : "deny-changed";
  // The check the change is about: the one refused after, or, for a call now allowed, the one refused before.
  const subject = call.checks[change === "now-allowed" ? before.check : after.check] as ReplayCheck;
  const image = imageOf(call.checks, subject);
  const caveats: string[] = [];
  if (call.recordedResult !== "Allow" && (before.result === "Allow" || after.result === "Allow")) {
    caveats.push(
      `the call was refused at the time (${call.recordedResult}), so checks after the refused one were never made: "Allow" covers the recorded checks only`,
    );
  }
  const allowedUnseenTrust = call.checks.some(
    (check, index) =>
      check.trust === "not-evaluated" &&
      ((before.result === "Allow" && index <= before.check) ||
        (after.result === "Allow" && index <= after.check)),
  );
  if (allowedUnseenTrust) {
    caveats.push(
      "the role's trust policy was not evaluated at the time (the caller's own policies refused first): it must admit the caller too",
    );
  }
  return {
    eventId: call.eventId,
    ...(call.requestId === undefined ? {} : { requestId: call.requestId }),
    eventTime: call.eventTime,
    eventName: call.eventName,
    action: subject.request.action,
    principal: replayedPrincipal(principal),
    callerArn: call.identity.arn,
    ...(image === undefined ? {} : image),
    change,
    before,
    after,
    ...(before.result === call.recordedResult ? {} : { recorded: call.recordedResult }),
    // Authorized at the time yet failed: the error was something other than access being denied.
    ...(call.recordedResult === "Allow" && call.errorCode !== undefined
      ? { failedAnyway: call.errorCode }
      : {}),
    caveats,
  };
}

const IMAGE_ARN = /^acs:ecs:[^:]*:[^:]*:image\/([^/*?]+)$/;
const RESOURCE_TAG = "acs:resourcetag/";

/**
 * The image a call is about: the subject check's image ARN, else the first check's that names one.
 * Its tags come with it from that check's context: an image-consuming or tag-mutating check carries
 * the image's own tags as `acs:ResourceTag/<key>`.
 */
function imageOf(
  checks: readonly ReplayCheck[],
  subject: ReplayCheck,
): { imageId: string; imageTags: Record<string, string> } | undefined {
  for (const check of [subject, ...checks]) {
    for (const arn of check.request.resources) {
      const match = IMAGE_ARN.exec(arn);
      if (match === null) continue;
      const tags: Record<string, string> = {};
      for (const [key, value] of Object.entries(check.request.context)) {
        if (!key.startsWith(RESOURCE_TAG)) continue;
        tags[key.slice(RESOURCE_TAG.length)] = typeof value === "string" ? value : value.join(",");
      }
      return { imageId: match[1] as string, imageTags: tags };
    }
  }
  return undefined;
}

function replayedPrincipal(principal: OrgPrincipal): ReplayedPrincipal {
  const info = principal.info;
  if (info.type === "AssumedRole") {
    const role = roleNameOf(principal) ?? "";
    return {
      arn: principal.roleArn ?? `acs:ram::${info.accountId}:role/${role}`,
      type: info.type,
      accountId: info.accountId,
      name: role,
    };
  }
  return {
    arn: info.arn,
    type: info.type,
    accountId: info.accountId,
    ...(info.name === undefined ? {} : { name: info.name }),
  };
}

/**
 * A recorded caller → the organisation's principal whose chain decides its calls: the root identity
 * by account, a user by account and name, a role session by account and role name (any session, and
 * any case: RAM writes role names in lower case in some ARNs).
 */
function principalFinder(model: OrgModel): (identity: TrailIdentity) => OrgPrincipal | undefined {
  const index = new Map<string, OrgPrincipal>();
  for (const principal of model.principals) {
    const info = principal.info;
    const key =
      info.type === "RootAccount"
        ? `root|${info.accountId}`
        : info.type === "RamUser"
          ? `user|${info.accountId}|${info.name ?? ""}`
          : `role|${info.accountId}|${(roleNameOf(principal) ?? "").toLowerCase()}`;
    if (!index.has(key)) index.set(key, principal);
  }
  return (identity) => {
    if (identity.type === "root-account") return index.get(`root|${identity.accountId}`);
    if (identity.type === "ram-user") return index.get(`user|${identity.accountId}|${identity.userName}`);
    return index.get(`role|${identity.accountId}|${identity.roleName.toLowerCase()}`);
  };
}
