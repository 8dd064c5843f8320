// What-if replay as data: recorded calls decided again under today's organisation and under the
// same organisation with one proposed policy attached; the calls whose decision changes, grouped.
import type {
  DecidingPolicy,
  DecisionResult,
  EffectScope,
  PrincipalType,
  Problem,
  ValidatedPolicy,
} from "../../policy/index.js";
import type { OrgModel } from "../org-model.js";

/**
 * One ActionTrail event as `imageguard trail export` writes it (one JSON object per line). Read
 * defensively: a trail may come from anywhere, so every field is checked before it is used.
 */
export type TrailEvent = { readonly [key: string]: unknown };

/** The policy under consideration and where it would be attached. */
export interface ProposedPolicy {
  /** Kind `control` (attached to an RD node) or `ram` (attached to a user, group or role). */
  readonly policy: ValidatedPolicy;
  /**
   * Its name. A name already attached in the organisation makes the proposal a new version of that
   * policy: its document is replaced wherever it is attached, and it is attached to the target too.
   */
  readonly name: string;
  /**
   * Control policy: an RD node's id (`fd-prod`), name (`Production`) or path from the Root
   * (`Root/Production`). RAM policy: `user/NAME`, `group/NAME` or `role/NAME`, optionally with the
   * account: `ACCOUNT_ID:user/NAME` or `acs:ram::ACCOUNT_ID:user/NAME`.
   */
  readonly attachTo: string;
  /** Control policies only; Alibaba's default is `RAM`. */
  readonly effectScope?: EffectScope;
}

export interface WhatIfWorld {
  /** Today's organisation: every principal's chain as it stands. */
  readonly today: OrgModel;
  readonly proposed: ProposedPolicy;
}

/** How a call's decision changes. */
export type ChangeKind =
  /** Allowed today, denied with the proposal. */
  | "now-denied"
  /** Denied today, allowed with the proposal (an Allow in allow-list mode, a replaced policy). */
  | "now-allowed"
  /** Denied either way, but explicitly instead of implicitly or the other way round. */
  | "deny-changed";

/** A call's decision in one world: the first check that was not allowed, else the last check. */
export interface CallVerdict {
  readonly result: DecisionResult;
  /** Index into the call's recorded checks of the deciding check. */
  readonly check: number;
  readonly decidedBy: DecidingPolicy;
}

/** Whom a call is attributed to: a user, a role (all its sessions), or an account's root identity. */
export interface ReplayedPrincipal {
  /** `acs:ram::<account>:user/<name>`, `acs:ram::<account>:role/<name>`, `acs:ram::<account>:root`. */
  readonly arn: string;
  readonly type: PrincipalType;
  readonly accountId: string;
  /** User or role name; absent for the root identity. */
  readonly name?: string;
}

export interface ChangedCall {
  readonly eventId: string;
  /** The call's request id, as the caller saw it (`RequestId`), when recorded. */
  readonly requestId?: string;
  readonly eventTime: string;
  /** The API action, e.g. `RunInstances`. */
  readonly eventName: string;
  /** The RAM action of the check the change is about. */
  readonly action: string;
  readonly principal: ReplayedPrincipal;
  /** The caller as the trail recorded it (a role session's own ARN). */
  readonly callerArn: string;
  /** From the check's image ARN, when it names one image. */
  readonly imageId?: string;
  /** The image's tags as the check carried them (`acs:ResourceTag/<key>`), when it names an image. */
  readonly imageTags?: Readonly<Record<string, string>>;
  readonly change: ChangeKind;
  readonly before: CallVerdict;
  readonly after: CallVerdict;
  /** The call's result as recorded at the time, when it differs from `before`. */
  readonly recorded?: DecisionResult;
  /**
   * The recorded error code of a call that was authorized at the time and failed anyway (image not
   * found, not shared, …): the proposal would change nothing a user saw, so summaries count it apart.
   */
  readonly failedAnyway?: string;
  /** Why the replay is less than certain for this call, e.g. checks that were never made. */
  readonly caveats: readonly string[];
}

/** Changed calls sharing a key: a principal, an image, or a kind of change of one kind of call. */
export interface ChangeGroup {
  /** The principal's ARN, the image id, or `<change>|<action class>|<image description>`. */
  readonly key: string;
  /** One line: `37 launches from untagged images by 4 users would be denied`. */
  readonly summary: string;
  readonly calls: number;
  readonly byChange: Readonly<Record<ChangeKind, number>>;
  readonly principals: readonly string[];
  readonly images: readonly string[];
  readonly actions: readonly string[];
  /** The calls, as event ids, oldest first. */
  readonly eventIds: readonly string[];
}

export type NotReplayedReason =
  /** No authorization decision: the call failed before it (signature, unknown key) or made no check. */
  | "no-decision"
  /** A decision without its checks: a trail recorded before checks were recorded. */
  | "no-checks-recorded"
  /** Checks that are not `{ action, resources, context }`. */
  | "malformed-checks"
  /** No `userIdentity` the caller can be read from. */
  | "no-principal"
  /** A caller the organisation does not list. */
  | "unknown-principal";

export interface NotReplayedCall {
  readonly eventId?: string;
  readonly requestId?: string;
  readonly eventTime?: string;
  readonly eventName?: string;
  readonly callerArn?: string;
  readonly reason: NotReplayedReason;
  /** Lower case, one line. */
  readonly message: string;
}

/** Where the proposal lands, as resolved from `attachTo`. */
export interface ResolvedAttachment {
  readonly kind: "control" | "ram";
  readonly policyName: string;
  /** `folder Production (fd-prod)`, `user/alice in 1111111111111111`. */
  readonly target: string;
  /** True when the name is already attached somewhere: the proposal is a new version of it. */
  readonly replaces: boolean;
  /** How many of the organisation's principals the proposal reaches. */
  readonly principalsReached: number;
}

export interface WhatIfReport {
  readonly proposed: ResolvedAttachment;
  /** One line per kind of change, most calls first: the headline. */
  readonly summary: readonly ChangeGroup[];
  readonly byPrincipal: readonly ChangeGroup[];
  readonly byImage: readonly ChangeGroup[];
  /** Oldest first. */
  readonly changed: readonly ChangedCall[];
  readonly totals: {
    readonly events: number;
    readonly replayed: number;
    readonly changed: number;
    readonly unchanged: number;
    readonly notReplayed: number;
    /** Replayed calls whose result today differs from the one recorded at the time. */
    readonly differFromRecord: number;
  };
  readonly notReplayed: {
    readonly byReason: Readonly<Record<NotReplayedReason, number>>;
    readonly calls: readonly NotReplayedCall[];
  };
}

export type WhatIfResult =
  | { readonly ok: true; readonly report: WhatIfReport; readonly problems: readonly Problem[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };
