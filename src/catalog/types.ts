// The action catalog as data: which API action checks which RAM action, on which resources, with
// which condition keys. Everything here is plain data so that the local cloud, the simulator and
// the analyzer read one table, and `imageguard` can print an entry for a user.

/** The products imageguard models; the name is the SDK package's product (`@alicloud/ecs20140526` → `Ecs`). */
export type ProductName = "Ecs" | "Vpc" | "Ram" | "Sts" | "ResourceManager" | "Tag" | "ActionTrail";

/** Alibaba's access levels folded to three: get → `read`; create, update, delete → `write`; list → `list`. */
export type AccessLevel = "read" | "write" | "list";

/**
 * How a request of this action turns into authorization checks (spec §6). All checks of a request
 * must be allowed.
 *
 * - `per-resource`: one check per resource ARN the entry names, carrying that resource's tags.
 * - `image-consuming`: ONE check whose resource set is every ARN the entry names (instance, image,
 *   security groups, vSwitch, key pair), carrying the image's tags and attributes.
 * - `tag-mutating`: one check per target resource with its current tags, the tags being set and the
 *   keys being set or removed.
 * - `image-producing`: one check on `image/*` (the new image) with the request's tags, plus one
 *   per-resource check for each source (instance, snapshot, source image).
 * - `list`: ONE check whose resource set is the wildcard of the listed type plus any IDs the request
 *   filters on; no resource tags (a list spans many resources).
 * - `none`: the action needs no permission (`sts:GetCallerIdentity`); no check is made.
 * - `name-only`: a RAM action name Alibaba recognises in policies but no API action checks
 *   (`ecs:CreateTags`, `ecs:DeleteTags`); it never produces a check.
 */
export type CheckKind =
  "per-resource" | "image-consuming" | "tag-mutating" | "image-producing" | "list" | "none" | "name-only";

/**
 * Where a placeholder's value comes from.
 *
 * - `param`: a request parameter, by its wire name (`ImageId`). `list` says how the SDK sends a
 *   parameter that holds several values: `repeated` = `Name.1`, `Name.2`, … (how the SDKs flatten
 *   arrays); `json` = one JSON array string (`InstanceIds`); `comma` = one comma-separated string
 *   (`VpcId`). Several values give several ARNs. A `repeated` or `json` list is read in either of
 *   those two forms, as the local cloud's list reader accepts both: a request must not name a
 *   resource in a form the checks do not see.
 * - `account`: the account the request acts in (the caller's account).
 * - `region`: the region the request addresses: its `RegionId` parameter, else the region of the
 *   (first) existing resource it names (`StartInstance` has no `RegionId`), else the region the
 *   request was sent to.
 * - `owner`: the account that owns the template's target resource; empty for Alibaba-provided images
 *   (spec §3), the sharer's account for a shared image. Falls back to the caller's account.
 * - `rd-path`: the Resource Directory path (`rd-xxx/r-xxx/fd-xxx`) of the folder or member account
 *   named by `param`; the Root folder when the parameter is absent.
 */
export type Binding =
  | {
      readonly from: "param";
      readonly param: string;
      readonly list?: "repeated" | "json" | "comma";
      /** When the parameter is absent the request is about the caller itself (RAM `UserName`): the caller's user name. */
      readonly orCaller?: true;
      /**
       * The value is lower-cased: RAM writes a role's name in lower case in the role's ARN, so a
       * request naming `RoleName=AdminRole` (or a `RoleArn` spelt so) is about `role/adminrole`.
       */
      readonly lowerCase?: true;
    }
  | { readonly from: "account" }
  | { readonly from: "region" }
  | { readonly from: "owner" }
  | { readonly from: "rd-path"; readonly param: string };

/** A test on request parameters; every field given must hold. A missing parameter fails `present`, `equals` and `matches`, and passes `notEquals`. */
export interface ParamCondition {
  readonly param: string;
  readonly present?: true;
  readonly equals?: string;
  readonly notEquals?: string;
  /** A regular expression source, tested against the whole value. */
  readonly matches?: string;
}

/** One resource an action's checks name. */
export interface ArnTemplate {
  /**
   * The ARN with placeholders in braces, e.g. `acs:ecs:{RegionId}:{AccountId}:image/{ImageId}`; or
   * `*` for an action Alibaba does not authorize at resource level; or a single placeholder bound to
   * a parameter that holds ARNs (`{ResourceARN}`, `{RoleArn}`).
   */
  readonly arn: string;
  /**
   * For a bare ARN placeholder: the shape of the ARNs it stands for, e.g.
   * `acs:ram::{AccountId}:role/{RoleName}`, so readers (lint, `imageguard` output) see a real form.
   */
  readonly form?: string;
  /** Every placeholder in `arn`, with where its value comes from. */
  readonly bindings: Readonly<Record<string, Binding>>;
  /**
   * The placeholder naming an existing resource this ARN is about: its tags become
   * `acs:ResourceTag/<key>` and it answers `region`, `owner` and `rd-path` bindings. Absent for a
   * resource the request creates (`image/*`), a list scope and `*`.
   */
  readonly target?: string;
  /** The ARN is part of the request's checks only when this holds (optional parameters, alternatives). */
  readonly when?: ParamCondition;
}

/** Where the value of a context key comes from when the checks are derived. */
export type ContextSource =
  /** `acs:ResourceTag/<key>`: the target resource's tags (the image's, for image-consuming actions). */
  | "resource-tags"
  /** `acs:RequestTag/<key>`: the tags the request sets. */
  | "request-tags"
  /** `acs:TagKeys`: the keys of the tags the request sets or removes (multi-valued). */
  | "tag-keys"
  /** The image an image-consuming request uses: its owner account, source and platform. */
  | "image-owner-id"
  | "image-source"
  | "image-platform"
  /** `ecs:InstanceType`: the `InstanceType` parameter, else the type of the instance the request names. */
  | "instance-type"
  /** The value of a request parameter, as sent. */
  | { readonly param: string }
  /** Documented by Alibaba for this action but not populated by imageguard: a policy naming it sees an absent key. */
  | "not-modelled";

export interface ContextKeySpec {
  /** As Alibaba spells it; the tag families are written `acs:ResourceTag/*` and `acs:RequestTag/*`. */
  readonly key: string;
  readonly source: ContextSource;
}

/** Where the tags a request sets or removes are, and how they are written. */
export interface TagParam {
  readonly param: string;
  /**
   * `pairs` = `Tag.N.Key` / `Tag.N.Value` (how the SDKs flatten a tag array);
   * `keys` = `TagKey.N`;
   * `json-pairs` = one JSON array of `{Key, Value}` (RAM's shrunk `Tag`);
   * `json-map` = one JSON object `{"key": "value"}` (the Tag service's `Tags`).
   */
  readonly format: "pairs" | "keys" | "json-pairs" | "json-map";
}

/** For image-consuming actions: how the request names the image it uses. */
export interface ImageSelector {
  readonly idParam: string;
  /** An image family the cloud resolves to its latest image when `idParam` is absent. */
  readonly familyParam?: string;
}

export interface CatalogEntry {
  readonly product: ProductName;
  /** The product's API version (`PRODUCT_VERSIONS[product]`). */
  readonly version: string;
  /** The API action, as sent in `Action`; absent for a RAM action name no API calls (`name-only`). */
  readonly apiAction?: string;
  /** `<ram code>:<Action>` as written in policies, e.g. `ecs:RunInstances`. */
  readonly ramAction: string;
  readonly access: AccessLevel;
  readonly checkKind: CheckKind;
  readonly resources: readonly ArnTemplate[];
  /** Service-specific and tag condition keys the checks carry (the global keys are not repeated). */
  readonly contextKeys: readonly ContextKeySpec[];
  /** Tags the request sets (`acs:RequestTag/*`, `acs:TagKeys`). */
  readonly requestTags?: TagParam;
  /** Tag keys the request removes (`acs:TagKeys`), for tag-mutating actions. */
  readonly removedTagKeys?: TagParam;
  /** A boolean parameter that removes every tag of the target (`All` of ECS `UntagResources`). */
  readonly removeAllTagsParam?: string;
  /** Image-consuming actions: the image the request uses. */
  readonly image?: ImageSelector;
  /** One line, lower case start, no trailing period. */
  readonly description: string;
  /** Alibaba's documentation page for the API action. */
  readonly docs?: string;
  /** Where imageguard decided because Alibaba's documentation is silent (also listed in docs/catalog.md). */
  readonly decision?: string;
}
