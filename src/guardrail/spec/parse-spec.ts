// imageguard.yaml → a validated GuardrailSpec, or every problem at once with line and column.
// Pure: the caller reads the file (and passes `now` when expired exemptions should be flagged).
import { LineCounter, isMap, parseDocument } from "yaml";
import type { Node } from "yaml";
import type { ImageSource } from "../../catalog/index.js";
import type { Problem } from "../../policy/index.js";
import { exemptionState } from "../exemptions.js";
import { SpecReader, memberPath } from "./spec-reader.js";
import type { Fields } from "./spec-reader.js";
import type {
  EffectScopeChoice,
  Exemption,
  ExemptionTarget,
  GoldenCriteria,
  GuardrailScope,
  GuardrailSpec,
  GuardrailSpecResult,
  ParseSpecOptions,
  RequiredTag,
  RoleRef,
  ScopeMode,
  ScopeSelector,
} from "./types.js";
import {
  readAccountId,
  readChoice,
  readExemptionId,
  readExpiry,
  readImageId,
  readImageSource,
  readInstanceId,
  readNamePrefix,
  readRole,
  readScopeId,
  readScopePath,
  readTagKey,
  readTagValue,
} from "./values.js";

export const DEFAULT_EXEMPTION_TAG_KEY = "imageguard-exemption";
export const DEFAULT_NAME_PREFIX = "imageguard";

const TOP_FIELDS = [
  "version",
  "golden",
  "scopes",
  "pipeline",
  "breakGlass",
  "exemptions",
  "exemptionTagKey",
  "generation",
];
const GOLDEN_FIELDS = [
  "requiredTags",
  "trustedOwners",
  "allowedSources",
  "maxImageAgeDays",
  "deprecationGraceDays",
  "protectedTagKeys",
];
const SCOPE_FIELDS = ["id", "path", "mode", "description"];
const ROLE_SECTION_FIELDS = { pipeline: ["roles", "launchExempt"], breakGlass: ["roles"] } as const;
const EXEMPTION_FIELDS = ["id", "scope", "account", "image", "instance", "reason", "approver", "expiresAt"];
const GENERATION_FIELDS = ["effectScope", "namePrefix"];
const MODES: readonly ScopeMode[] = ["audit", "enforce"];
const EFFECT_SCOPES: readonly EffectScopeChoice[] = ["All", "RAM"];

export function parseGuardrailSpec(text: string, options: ParseSpecOptions = {}): GuardrailSpecResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error): Problem => {
      const position = lineCounter.linePos(error.pos[0]);
      return {
        code: "yaml-syntax",
        severity: "error",
        path: "",
        line: position.line,
        column: position.col,
        message: (error.message.split("\n")[0] ?? error.message)
          .replace(/\.$/, "")
          .replace(/^\w/, (c) => c.toLowerCase()),
        help: "fix the YAML syntax at this position",
      };
    });
    return { ok: false, problems };
  }
  const reader = new SpecReader(document, lineCounter, text);
  const top = reader.fields(document.contents, "", TOP_FIELDS, ["version", "golden", "scopes"], "the spec");
  if (top === undefined) return { ok: false, problems: reader.problems };

  readVersion(reader, top);
  const golden = readGolden(reader, top.get("golden")?.value ?? null);
  const scopes = readScopes(reader, top.get("scopes")?.value ?? null);
  const pipeline = readRoleSection(reader, top, "pipeline");
  const breakGlass = readRoleSection(reader, top, "breakGlass");
  const exemptionTagKey = readExemptionTagKey(reader, top, golden);
  const exemptions = readExemptions(reader, top.get("exemptions")?.value ?? null, scopes ?? [], options.now);
  const generation = readGeneration(reader, top.get("generation")?.value);

  if (scopes !== undefined) checkNesting(reader, scopes, exemptions);
  if (scopes !== undefined && scopes.length > 0 && !scopes.some((scope) => scope.mode === "enforce")) {
    reader.report(
      "no-enforced-scope",
      top.get("scopes")?.key,
      "scopes",
      "no scope is in `enforce` mode, so the guardrail blocks nothing",
      "set `mode: enforce` on the scopes whose launches and image tags must be controlled; `audit` scopes are only scanned",
    );
  }

  const problems = [...reader.problems].sort((a, b) => a.line - b.line || a.column - b.column);
  if (reader.hasErrors || golden === undefined || scopes === undefined || generation === undefined) {
    return { ok: false, problems };
  }
  const spec: GuardrailSpec = {
    version: 1,
    golden,
    scopes,
    pipeline: { roles: pipeline.roles, launchExempt: pipeline.launchExempt },
    breakGlass: { roles: breakGlass.roles },
    exemptions,
    exemptionTagKey,
    generation,
  };
  return { ok: true, spec, problems };
}

function readVersion(reader: SpecReader, top: Fields): void {
  const field = top.get("version");
  if (field === undefined) return;
  const value = field.value;
  const scalar = value as { value?: unknown } | null;
  if (scalar?.value === 1 || scalar?.value === "1") return;
  reader.report(
    "unsupported-version",
    value,
    "version",
    `\`version\` must be \`1\`, found ${reader.describe(value)}`,
    "write `version: 1`; it is the only version of the format",
  );
}

// ---------------------------------------------------------------------------------------------
// golden

function readGolden(reader: SpecReader, node: Node | null): GoldenCriteria | undefined {
  const fields = reader.fields(node, "golden", GOLDEN_FIELDS, ["requiredTags"], "the golden-image criteria");
  if (fields === undefined) return undefined;

  const requiredTags = readRequiredTags(reader, fields.get("requiredTags")?.value ?? null);

  let trustedOwners: string[] | undefined;
  const owners = fields.get("trustedOwners");
  if (owners !== undefined) {
    const entries = reader.list(
      owners.value,
      "golden.trustedOwners",
      (item, path) => readAccountId(reader, item, path),
      true,
    );
    if (entries !== undefined) trustedOwners = reader.unique(entries, (id) => id, "owner account");
  }

  let allowedSources: ImageSource[] | undefined;
  const sources = fields.get("allowedSources");
  if (sources !== undefined) {
    const entries = reader.list(
      sources.value,
      "golden.allowedSources",
      (item, path) => readImageSource(reader, item, path),
      true,
    );
    if (entries !== undefined) allowedSources = reader.unique(entries, (source) => source, "image source");
  }

  const maxAge = fields.get("maxImageAgeDays");
  const maxImageAgeDays =
    maxAge === undefined ? undefined : reader.integer(maxAge.value, "golden.maxImageAgeDays", 1, "days");
  const grace = fields.get("deprecationGraceDays");
  const deprecationGraceDays =
    grace === undefined ? 0 : (reader.integer(grace.value, "golden.deprecationGraceDays", 0, "days") ?? 0);

  let protectedTagKeys = requiredTags?.map((tag) => tag.key) ?? [];
  const protectedField = fields.get("protectedTagKeys");
  if (protectedField !== undefined) {
    const entries = reader.list(
      protectedField.value,
      "golden.protectedTagKeys",
      (item, path) => readTagKey(reader, item, path),
      true,
    );
    if (entries !== undefined) {
      protectedTagKeys = reader.unique(entries, (key) => key, "protected tag key");
      for (const tag of requiredTags ?? []) {
        if (protectedTagKeys.includes(tag.key)) continue;
        reader.report(
          "unprotected-required-tag",
          protectedField.key,
          "golden.protectedTagKeys",
          `required tag \`${tag.key}\` is not protected: anyone may set it on an image and make it golden`,
          `add \`${tag.key}\` to \`protectedTagKeys\`, or leave \`protectedTagKeys\` out to protect every required tag`,
        );
      }
    }
  }

  if (requiredTags === undefined) return undefined;
  return {
    requiredTags,
    ...(trustedOwners === undefined ? {} : { trustedOwners }),
    ...(allowedSources === undefined ? {} : { allowedSources }),
    ...(maxImageAgeDays === undefined ? {} : { maxImageAgeDays }),
    deprecationGraceDays,
    protectedTagKeys,
  };
}

/** `key: [allowed values]` pairs: the keys are tag keys, so they are read as data, not as fields. */
function readRequiredTags(reader: SpecReader, raw: Node | null): RequiredTag[] | undefined {
  const path = "golden.requiredTags";
  const node = reader.resolve(raw);
  if (!isMap(node)) {
    reader.report(
      "wrong-type",
      node,
      path,
      `\`${path}\` must be a mapping of tag keys to allowed values, found ${reader.describe(node)}`,
      "write each required tag as `key: [allowed values]`, e.g. `status: [approved]`",
    );
    return undefined;
  }
  const items = node.items as { key: unknown; value: unknown }[];
  const tags: RequiredTag[] = [];
  if (items.length === 0) {
    reader.report(
      "empty-list",
      node,
      path,
      "`golden.requiredTags` names no tag",
      "name at least one tag, e.g. `status: [approved]`: an image is golden only through its tags",
    );
    return undefined;
  }
  let complete = true;
  for (const item of items) {
    const keyNode = reader.resolve(item.key);
    const key = readTagKey(reader, keyNode, path);
    if (key === undefined) {
      complete = false;
      continue;
    }
    const keyPath = memberPath(path, key);
    const entries = reader.list(
      reader.resolve(item.value),
      keyPath,
      (value, valuePath) => readTagValue(reader, value, valuePath),
      true,
    );
    if (entries === undefined || entries.length === 0) {
      complete = false;
      continue;
    }
    tags.push({ key, values: reader.unique(entries, (value) => value, `value of tag \`${key}\``) });
  }
  return complete ? tags : undefined;
}

// ---------------------------------------------------------------------------------------------
// scopes

function readScopes(reader: SpecReader, node: Node | null): GuardrailScope[] | undefined {
  const entries = reader.list(node, "scopes", (item, path) => readScope(reader, item, path), true);
  if (entries === undefined) return undefined;
  return reader.unique(entries, (scope) => scope.key, "scope");
}

function readScope(reader: SpecReader, node: Node | null, path: string): GuardrailScope | undefined {
  const fields = reader.fields(node, path, SCOPE_FIELDS, ["mode"], "each scope as `{ id or path, mode }`");
  if (fields === undefined) return undefined;
  const id = fields.get("id");
  const written = fields.get("path");
  let selector: ScopeSelector | undefined;
  if ((id === undefined) === (written === undefined)) {
    reader.report(
      "invalid-scope",
      node,
      path,
      id === undefined
        ? `scope \`${path}\` names no node`
        : `scope \`${path}\` gives both \`id\` and \`path\``,
      "give exactly one of `id` (`fd-…`, `r-…` or a 16-digit account id) and `path` (`Root/Production`)",
    );
  } else if (id !== undefined) {
    selector = readScopeId(reader, id.value, memberPath(path, "id"));
  } else if (written !== undefined) {
    selector = readScopePath(reader, written.value, memberPath(path, "path"));
  }
  const modeField = fields.get("mode");
  const mode =
    modeField === undefined
      ? undefined
      : readChoice(reader, modeField.value, memberPath(path, "mode"), MODES);
  const descriptionField = fields.get("description");
  const description =
    descriptionField === undefined
      ? undefined
      : reader.text1(descriptionField.value, memberPath(path, "description"));
  if (selector === undefined || mode === undefined) return undefined;
  return {
    key: selector.kind === "path" ? selector.path : selector.id,
    selector,
    mode,
    ...(description === undefined ? {} : { description }),
    at: reader.position(node, path),
  };
}

/**
 * What paths reveal about nesting: an audit scope below an enforced one is governed by the policies
 * attached above it, and a whole-scope exemption there cannot be honoured by control policies
 * (they cannot leave out a child). Scopes named by id cannot be placed without the directory.
 */
function checkNesting(
  reader: SpecReader,
  scopes: readonly GuardrailScope[],
  exemptions: readonly Exemption[],
): void {
  const enforcedAbove = (scope: GuardrailScope): GuardrailScope | undefined => {
    const selector = scope.selector;
    if (selector.kind !== "path") return undefined;
    return scopes.find(
      (other) =>
        other !== scope &&
        other.mode === "enforce" &&
        other.selector.kind === "path" &&
        isBelow(selector.names, other.selector.names),
    );
  };
  for (const scope of scopes) {
    const parent = enforcedAbove(scope);
    if (scope.mode === "audit" && parent !== undefined) {
      reader.problems.push({
        code: "scope-inside-enforced",
        severity: "warning",
        path: scope.at.path,
        line: scope.at.line,
        column: scope.at.column,
        message: `audit scope \`${scope.key}\` lies inside enforced scope \`${parent.key}\`, whose policies govern it too`,
        help: `enforce the siblings of \`${scope.key}\` one by one instead of \`${parent.key}\`, or make \`${scope.key}\` enforce`,
      });
    }
  }
  for (const exemption of exemptions) {
    if (exemption.target.kind !== "scope") continue;
    const scope = scopes.find((candidate) => candidate.key === exemption.scope);
    const parent = scope === undefined ? undefined : enforcedAbove(scope);
    if (parent === undefined) continue;
    reader.problems.push({
      code: "exemption-not-expressible",
      severity: "error",
      path: exemption.at.path,
      line: exemption.at.line,
      column: exemption.at.column,
      message: `exemption \`${exemption.id}\` exempts scope \`${exemption.scope ?? ""}\`, but the policies attached to enforced scope \`${parent.key}\` above it still govern it`,
      help: `exempt its accounts by id (\`account:\`), which the generated policies leave out through \`acs:PrincipalARN\`, or enforce the siblings of \`${exemption.scope ?? ""}\` instead of \`${parent.key}\``,
    });
  }
}

function isBelow(names: readonly string[], ancestor: readonly string[]): boolean {
  return names.length > ancestor.length && ancestor.every((name, index) => names[index] === name);
}

// ---------------------------------------------------------------------------------------------
// pipeline and break-glass roles

function readRoleSection(
  reader: SpecReader,
  top: Fields,
  section: "pipeline" | "breakGlass",
): { roles: RoleRef[]; launchExempt: boolean } {
  const field = top.get(section);
  if (field === undefined) return { roles: [], launchExempt: false };
  const fields = reader.fields(
    field.value,
    section,
    ROLE_SECTION_FIELDS[section],
    ["roles"],
    `\`${section}\``,
  );
  if (fields === undefined) return { roles: [], launchExempt: false };
  const entries = reader.list(
    fields.get("roles")?.value ?? null,
    `${section}.roles`,
    (item, path) => readRole(reader, item, path),
    true,
  );
  const roles = entries === undefined ? [] : reader.unique(entries, (role) => role.principalPattern, "role");
  const launch = fields.get("launchExempt");
  const launchExempt =
    launch === undefined ? false : (reader.boolean(launch.value, `${section}.launchExempt`) ?? false);
  return { roles, launchExempt };
}

// ---------------------------------------------------------------------------------------------
// exemptions

function readExemptionTagKey(reader: SpecReader, top: Fields, golden: GoldenCriteria | undefined): string {
  const field = top.get("exemptionTagKey");
  if (field === undefined) return DEFAULT_EXEMPTION_TAG_KEY;
  const key = readTagKey(reader, field.value, "exemptionTagKey");
  if (key === undefined) return DEFAULT_EXEMPTION_TAG_KEY;
  if (golden?.requiredTags.some((tag) => tag.key === key)) {
    reader.report(
      "exemption-tag-conflict",
      field.value,
      "exemptionTagKey",
      `\`${key}\` is a required tag key and cannot also name exemptions`,
      `choose another key, e.g. \`${DEFAULT_EXEMPTION_TAG_KEY}\``,
    );
  }
  return key;
}

function readExemptions(
  reader: SpecReader,
  node: Node | null,
  scopes: readonly GuardrailScope[],
  now: Date | undefined,
): Exemption[] {
  const entries = reader.list(
    node,
    "exemptions",
    (item, path) => readExemption(reader, item, path, scopes, now),
    false,
  );
  if (entries === undefined) return [];
  return reader.unique(entries, (exemption) => exemption.id, "exemption id");
}

function readExemption(
  reader: SpecReader,
  node: Node | null,
  path: string,
  scopes: readonly GuardrailScope[],
  now: Date | undefined,
): Exemption | undefined {
  const fields = reader.fields(
    node,
    path,
    EXEMPTION_FIELDS,
    ["id", "reason", "approver", "expiresAt"],
    "each exemption as a mapping",
  );
  if (fields === undefined) return undefined;
  const at = (name: string) => memberPath(path, name);
  const idField = fields.get("id");
  const id = idField === undefined ? undefined : readExemptionId(reader, idField.value, at("id"));

  let scope: string | undefined;
  let scopeOk = true;
  const scopeField = fields.get("scope");
  if (scopeField !== undefined) {
    scope = reader.string(
      scopeField.value,
      at("scope"),
      "name a scope by the `id` or `path` it is declared with",
    );
    if (scope === undefined) scopeOk = false;
    else if (!scopes.some((candidate) => candidate.key === scope)) {
      scopeOk = false;
      reader.report(
        "unknown-scope",
        scopeField.value,
        at("scope"),
        `exemption scope \`${scope}\` is not declared under \`scopes\``,
        scopes.length === 0
          ? "declare the scope under `scopes` first"
          : `use the \`id\` or \`path\` of a declared scope: ${scopes.map((candidate) => `\`${candidate.key}\``).join(", ")}`,
      );
    }
  }

  const named = (["account", "image", "instance"] as const).filter((name) => fields.has(name));
  let target: ExemptionTarget | undefined;
  if (named.length > 1) {
    reader.report(
      "exemption-target-conflict",
      fields.get(named[1] as string)?.key,
      path,
      `exemption names ${named.map((name) => `\`${name}\``).join(" and ")}; it can exempt only one thing`,
      "write one exemption per account, image or instance",
    );
  } else if (named.length === 0) {
    if (scopeField === undefined) {
      reader.report(
        "exemption-without-target",
        node,
        path,
        "exemption names nothing to exempt",
        "give a `scope` (to exempt the whole scope), or an `account`, `image` or `instance`",
      );
    } else target = { kind: "scope" };
  } else {
    const which = named[0] as "account" | "image" | "instance";
    const value = fields.get(which)?.value ?? null;
    if (which === "account") {
      const accountId = readAccountId(reader, value, at("account"));
      if (accountId !== undefined) target = { kind: "account", accountId };
    } else if (which === "image") {
      const imageId = readImageId(reader, value, at("image"));
      if (imageId !== undefined) target = { kind: "image", imageId };
    } else {
      const instanceId = readInstanceId(reader, value, at("instance"));
      if (instanceId !== undefined) target = { kind: "instance", instanceId };
    }
  }

  const reasonField = fields.get("reason");
  const reason = reasonField === undefined ? undefined : reader.text1(reasonField.value, at("reason"));
  const approverField = fields.get("approver");
  const approver =
    approverField === undefined ? undefined : reader.text1(approverField.value, at("approver"));
  const expiresField = fields.get("expiresAt");
  const expiry =
    expiresField === undefined ? undefined : readExpiry(reader, expiresField.value, at("expiresAt"));

  if (
    id === undefined ||
    !scopeOk ||
    target === undefined ||
    reason === undefined ||
    approver === undefined ||
    expiry === undefined
  ) {
    return undefined;
  }
  const exemption: Exemption = {
    id,
    ...(scope === undefined ? {} : { scope }),
    target,
    reason,
    approver,
    expiresAt: expiry.written,
    endsAt: expiry.endsAt,
    at: reader.position(node, path),
  };
  if (now !== undefined && exemptionState(exemption, now) === "expired") {
    reader.report(
      "exemption-expired",
      expiresField?.value,
      at("expiresAt"),
      `exemption \`${id}\` expired at \`${expiry.written}\` and is no longer honoured`,
      "renew it with a new `expiresAt` and approver, or remove it; generated policies and the scan already ignore it",
    );
  }
  return exemption;
}

// ---------------------------------------------------------------------------------------------
// generation

function readGeneration(
  reader: SpecReader,
  node: Node | null | undefined,
): GuardrailSpec["generation"] | undefined {
  const defaults = { effectScope: "All" as EffectScopeChoice, namePrefix: DEFAULT_NAME_PREFIX };
  if (node === undefined) return defaults;
  const fields = reader.fields(node, "generation", GENERATION_FIELDS, [], "`generation`");
  if (fields === undefined) return undefined;
  const scopeField = fields.get("effectScope");
  const effectScope =
    scopeField === undefined
      ? defaults.effectScope
      : readChoice(reader, scopeField.value, "generation.effectScope", EFFECT_SCOPES);
  const prefixField = fields.get("namePrefix");
  const namePrefix =
    prefixField === undefined
      ? defaults.namePrefix
      : readNamePrefix(reader, prefixField.value, "generation.namePrefix");
  if (effectScope === undefined || namePrefix === undefined) return undefined;
  return { effectScope, namePrefix };
}
