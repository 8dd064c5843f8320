// Changed calls grouped three ways, each group with a one-line summary a reviewer can act on:
// by kind of change (the headline: "37 launches from untagged images by 4 users would be denied"),
// by principal, and by image.
import { imageConsumingActions, imageProducingActions, tagMutatingActions } from "../../catalog/index.js";
import type { PrincipalType } from "../../policy/index.js";
import type { ChangeGroup, ChangeKind, ChangedCall } from "./types.js";

interface ActionClass {
  readonly key: string;
  readonly singular: string;
  readonly plural: string;
  /** How the image the call is about is introduced: `launches from …`, `tag changes on …`. */
  readonly preposition: "from" | "on";
}

const CONSUMING = new Set(imageConsumingActions.map((a) => a.toLowerCase()));
const TAGGING = new Set(tagMutatingActions.map((a) => a.toLowerCase()));
const PRODUCING = new Set(imageProducingActions.map((a) => a.toLowerCase()));

function actionClass(action: string): ActionClass {
  const lower = action.toLowerCase();
  if (lower === "ecs:replacesystemdisk") {
    return {
      key: "system-disk-replacement",
      singular: "system disk replacement",
      plural: "system disk replacements",
      preposition: "from",
    };
  }
  if (CONSUMING.has(lower))
    return { key: "launch", singular: "launch", plural: "launches", preposition: "from" };
  if (TAGGING.has(lower))
    return { key: "tag-change", singular: "tag change", plural: "tag changes", preposition: "on" };
  if (PRODUCING.has(lower)) {
    return {
      key: "image-creation",
      singular: "image creation",
      plural: "image creations",
      preposition: "from",
    };
  }
  return { key: lower, singular: `\`${action}\` call`, plural: `\`${action}\` calls`, preposition: "on" };
}

/** The change as a verb phrase; a deny that changes kind says which way. */
function changeKey(call: ChangedCall): string {
  if (call.change !== "deny-changed") return call.change;
  return call.after.result === "ExplicitDeny" ? "deny-changed:explicit" : "deny-changed:implicit";
}

const VERB: Readonly<Record<string, string>> = {
  "now-denied": "would be denied",
  "now-allowed": "would be allowed",
  "deny-changed:explicit": "would be denied explicitly instead of implicitly",
  "deny-changed:implicit": "would be denied implicitly instead of explicitly",
};
const CHANGE_ORDER = ["now-denied", "now-allowed", "deny-changed:explicit", "deny-changed:implicit"];

/** `untagged images`, `images tagged \`environment=staging\``; empty when the call names no image. */
function imagesPhrase(call: ChangedCall): string {
  if (call.imageTags === undefined) return "";
  const tags = tagList(call.imageTags);
  return tags === "" ? "untagged images" : `images tagged ${tags}`;
}

function tagList(tags: Readonly<Record<string, string>>): string {
  return Object.keys(tags)
    .sort()
    .map((key) => `\`${key}=${tags[key] ?? ""}\``)
    .join(", ");
}

const PRINCIPAL_NOUN: Readonly<Record<PrincipalType, readonly [string, string]>> = {
  RamUser: ["user", "users"],
  AssumedRole: ["role", "roles"],
  RootAccount: ["root identity", "root identities"],
};

/** `4 users`, `1 role`, `3 principals` (of mixed kinds). */
function principalsPhrase(calls: readonly ChangedCall[]): string {
  const byArn = new Map(calls.map((c) => [c.principal.arn, c.principal.type]));
  const types = new Set(byArn.values());
  const [singular, plural] =
    types.size === 1
      ? PRINCIPAL_NOUN[[...types][0] as PrincipalType]
      : (["principal", "principals"] as const);
  return count(byArn.size, singular, plural);
}

/** `3 launches`, or `4 calls (3 launches, 1 tag change)` when the calls are of several kinds. */
function callsPhrase(calls: readonly ChangedCall[]): string {
  const classes = new Map<string, { cls: ActionClass; n: number }>();
  for (const call of calls) {
    const cls = actionClass(call.action);
    const entry = classes.get(cls.key) ?? { cls, n: 0 };
    entry.n++;
    classes.set(cls.key, entry);
  }
  const entries = [...classes.values()].sort((a, b) => b.n - a.n || a.cls.key.localeCompare(b.cls.key));
  if (entries.length === 1) {
    const { cls } = entries[0] as { cls: ActionClass };
    return count(calls.length, cls.singular, cls.plural);
  }
  const parts = entries.map(({ cls, n }) => count(n, cls.singular, cls.plural));
  return `${count(calls.length, "call", "calls")} (${parts.join(", ")})`;
}

function count(n: number, singular: string, plural: string): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

function byChangeCounts(calls: readonly ChangedCall[]): Record<ChangeKind, number> {
  const counts: Record<ChangeKind, number> = { "now-denied": 0, "now-allowed": 0, "deny-changed": 0 };
  for (const call of calls) counts[call.change]++;
  return counts;
}

function group(key: string, summary: string, calls: readonly ChangedCall[]): ChangeGroup {
  return {
    key,
    summary,
    calls: calls.length,
    byChange: byChangeCounts(calls),
    principals: distinct(calls.map((c) => c.principal.arn)),
    images: distinct(calls.flatMap((c) => (c.imageId === undefined ? [] : [c.imageId]))),
    actions: distinct(calls.map((c) => c.action)),
    eventIds: calls.map((c) => c.eventId),
  };
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

function partition<K>(calls: readonly ChangedCall[], keyOf: (call: ChangedCall) => K): Map<K, ChangedCall[]> {
  const groups = new Map<K, ChangedCall[]>();
  for (const call of calls) {
    const key = keyOf(call);
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [call]);
    else list.push(call);
  }
  return groups;
}

/** Most calls first, then by key, so the output is stable. */
function ordered(groups: ChangeGroup[]): ChangeGroup[] {
  return groups.sort((a, b) => b.calls - a.calls || a.key.localeCompare(b.key));
}

/**
 * Per change, per kind of call, per image description. Calls that failed anyway at the time (an
 * error other than access denied) get groups of their own after the others, keyed `failed-anyway|…`
 * and saying so, so that "N launches … would be denied" counts only calls that worked.
 */
export function summaryGroups(calls: readonly ChangedCall[]): ChangeGroup[] {
  const describe = (members: readonly ChangedCall[]): string => {
    const first = members[0] as ChangedCall;
    const cls = actionClass(first.action);
    const images = imagesPhrase(first);
    return (
      `${callsPhrase(members)}${images === "" ? "" : ` ${cls.preposition} ${images}`}` +
      ` by ${principalsPhrase(members)} ${VERB[changeKey(first)] ?? first.change}`
    );
  };
  const keyOf = (c: ChangedCall): string => `${changeKey(c)}|${actionClass(c.action).key}|${imagesPhrase(c)}`;
  const worked = partition(
    calls.filter((c) => c.failedAnyway === undefined),
    keyOf,
  );
  const failed = partition(
    calls.filter((c) => c.failedAnyway !== undefined),
    (c) => `failed-anyway|${keyOf(c)}`,
  );
  return [
    ...ordered([...worked].map(([key, members]) => group(key, describe(members), members))),
    ...ordered(
      [...failed].map(([key, members]) => {
        const codes = distinct(members.map((c) => c.failedAnyway ?? "")).map((code) => `\`${code}\``);
        return group(
          key,
          `${describe(members)}, but failed anyway at the time (${codes.join(", ")})`,
          members,
        );
      }),
    ),
  ];
}

/** `\`acs:ram::1:user/alice\`: 3 launches would be denied (images m-1, m-2); 1 tag change would be allowed`. */
export function principalGroups(calls: readonly ChangedCall[]): ChangeGroup[] {
  return ordered(
    [...partition(calls, (c) => c.principal.arn)].map(([arn, members]) => {
      const segments = changeSegments(members).map(([key, part]) => {
        const images = distinct(part.flatMap((c) => (c.imageId === undefined ? [] : [c.imageId])));
        const imageNote =
          images.length === 0
            ? ""
            : images.length <= 3
              ? ` (${images.length === 1 ? "image" : "images"} ${images.join(", ")})`
              : ` (${images.length} images)`;
        return `${callsPhrase(part)} ${VERB[key] ?? key}${imageNote}`;
      });
      return group(arn, `\`${arn}\`: ${segments.join("; ")}`, members);
    }),
  );
}

/**
 * `\`m-1\` (untagged): 5 launches by 2 users would be denied`. One group per image and per tag state
 * the calls' checks recorded, so an image tagged between two calls gets two groups, each labelled
 * with the tags those calls saw (key `m-1` alone when it had one state, `m-1|<tags>` otherwise).
 * Calls that name no image are left to the other groupings.
 */
export function imageGroups(calls: readonly ChangedCall[]): ChangeGroup[] {
  const withImage = calls.filter((c) => c.imageId !== undefined);
  const states = new Map<string, Set<string>>();
  for (const call of withImage) {
    const set = states.get(call.imageId as string) ?? new Set<string>();
    set.add(tagList(call.imageTags ?? {}));
    states.set(call.imageId as string, set);
  }
  return ordered(
    [...partition(withImage, (c) => `${c.imageId as string}|${tagList(c.imageTags ?? {})}`)].map(
      ([key, members]) => {
        const imageId = (members[0] as ChangedCall).imageId as string;
        const tags = tagList((members[0] as ChangedCall).imageTags ?? {});
        const segments = changeSegments(members).map(
          ([change, part]) => `${callsPhrase(part)} by ${principalsPhrase(part)} ${VERB[change] ?? change}`,
        );
        return group(
          (states.get(imageId)?.size ?? 1) === 1 ? imageId : key,
          `\`${imageId}\` (${tags === "" ? "untagged" : `tagged ${tags}`}): ${segments.join("; ")}`,
          members,
        );
      },
    ),
  );
}

function changeSegments(calls: readonly ChangedCall[]): [string, ChangedCall[]][] {
  const parts = partition(calls, changeKey);
  return CHANGE_ORDER.flatMap((key) => {
    const part = parts.get(key);
    return part === undefined ? [] : [[key, part] as [string, ChangedCall[]]];
  });
}
