// What the official SDKs actually send, read from their compiled clients: for each API action, its
// version and the top-level parameter names it puts on the wire. The catalog's placeholders must
// name these, or the local cloud would look for parameters no client ever sends.
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { ProductName } from "../../src/catalog/index.js";

// ActionTrail's SDK (@alicloud/actiontrail20200706) is not a dependency: its actions' wire
// parameters are taken from Alibaba's API reference instead (DOCUMENTED below).
const PACKAGES: Readonly<Record<Exclude<ProductName, "ActionTrail">, string>> = {
  Ecs: "@alicloud/ecs20140526",
  Vpc: "@alicloud/vpc20160428",
  Ram: "@alicloud/ram20150501",
  Sts: "@alicloud/sts20150401",
  ResourceManager: "@alicloud/resourcemanager20200331",
  Tag: "@alicloud/tag20180828",
};

/** Products without an installed SDK: each action's version and top-level wire parameters, as documented. */
const DOCUMENTED: Readonly<
  Record<"ActionTrail", Readonly<Record<string, { version: string; params: readonly string[] }>>>
> = {
  ActionTrail: {
    // https://www.alibabacloud.com/help/en/actiontrail/developer-reference/api-actiontrail-2020-07-06-lookupevents
    LookupEvents: {
      version: "2020-07-06",
      params: ["NextToken", "MaxResults", "StartTime", "EndTime", "Direction", "LookupAttribute"],
    },
  },
};

export interface SdkAction {
  readonly version: string;
  readonly params: ReadonlySet<string>;
  /** The request model's declaration text, for parameter types. */
  readonly declaration: string;
}

const require = createRequire(import.meta.url);
const cache = new Map<ProductName, Map<string, SdkAction>>();

function distDir(product: Exclude<ProductName, "ActionTrail">): string {
  return dirname(require.resolve(PACKAGES[product]));
}

/** `async fooWithOptions(...) { ... query["X"] = ...; ... action: "Foo", version: "2014-05-26"` */
const ACTION_BODY = /async (\w+)WithOptions\(([\s\S]*?)action: "(\w+)",\s*version: "([\d-]+)"/g;

export function sdkActions(product: ProductName): Map<string, SdkAction> {
  const cached = cache.get(product);
  if (cached) return cached;
  if (product === "ActionTrail") {
    const documented = new Map(
      Object.entries(DOCUMENTED[product]).map(([name, action]) => [
        name,
        { version: action.version, params: new Set(action.params), declaration: "" },
      ]),
    );
    cache.set(product, documented);
    return documented;
  }
  const dir = distDir(product);
  const client = readFileSync(join(dir, "client.js"), "utf8");
  // Model file names can differ in case from the action (`CreateVswitchRequest.d.ts`).
  const models = new Map(readdirSync(join(dir, "models")).map((file) => [file.toLowerCase(), file]));
  const actions = new Map<string, SdkAction>();
  for (const match of client.matchAll(ACTION_BODY)) {
    const body = match[2] as string;
    const action = match[3] as string;
    const params = new Set([...body.matchAll(/(?:query|body)\["([\w.]+)"\]/g)].map((m) => m[1] as string));
    const file = models.get(`${action}Request.d.ts`.toLowerCase());
    // Actions without parameters have no request model.
    const declaration = file === undefined ? "" : readFileSync(join(dir, "models", file), "utf8");
    actions.set(action, { version: match[4] as string, params, declaration });
  }
  cache.set(product, actions);
  return actions;
}

/** The declared TypeScript type of a request parameter (`string`, `string[]`, …), from the model. */
export function declaredType(action: SdkAction, apiAction: string, wireName: string): string | undefined {
  const start = action.declaration.indexOf(`export declare class ${apiAction}Request extends`);
  if (start < 0) return undefined;
  const body = action.declaration.slice(start);
  const property = wireName.charAt(0).toLowerCase() + wireName.slice(1);
  return new RegExp(`\\n\\s*${property}\\?: ([^;]+);`).exec(body)?.[1];
}
