// RAM, STS, Resource Manager and the Tag service take exactly the parameters their official SDK
// sends: every parameter of every served action's SDK request model is either read by the handler
// or refused by name as not modelled, and anything else is refused. The SDK's parameters are
// derived from its request models (`names()` / `types()`, flattened as openapi-core flattens them),
// so a field a new SDK version adds fails here until a handler reads or refuses it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  RamModule,
  ResourceManagerModule,
  StsModule,
  TagModule,
  sdkError,
  startTestCloud,
  type TestCloud,
} from "./harness.js";
import type { CloudProduct } from "../../src/cloud/http/index.js";
import { ramHandlers } from "../../src/cloud/services/ram/index.js";
import { resourceManagerHandlers } from "../../src/cloud/services/resource-manager/index.js";
import { stsHandlers } from "../../src/cloud/services/sts/index.js";
import { tagHandlers } from "../../src/cloud/services/tag/index.js";

// ---- the SDK's request models ---------------------------------------------------------------------

/** A Darabonba model class: `names()` maps fields to wire names, `types()` gives their types. */
interface ModelClass {
  new (map?: Record<string, unknown>): object;
  names(): Record<string, string>;
  types(): Record<string, unknown>;
}

interface ArrayType {
  readonly type: "array";
  readonly itemType: unknown;
}

const PRIMITIVES: Readonly<Record<string, unknown>> = { string: "x", number: 1, boolean: true };

/** One parameter as the SDK sends it, and a request field value that makes the SDK send it. */
interface SdkParameter {
  /** As declared by handlers: `Tag.N.Key`. */
  readonly name: string;
  /** As on the wire: `Tag.1.Key`. */
  readonly wire: string;
  readonly field: string;
  readonly value: unknown;
}

function isModelClass(value: unknown): value is ModelClass {
  return typeof value === "function" && "names" in value && "types" in value;
}

function isArrayType(value: unknown): value is ArrayType {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "array";
}

/** A value of `type` with every field set, for parameters the SDK sends as one JSON string. */
function fullValue(type: unknown, where: string): unknown {
  if (typeof type === "string" && type in PRIMITIVES) return PRIMITIVES[type];
  if (isArrayType(type)) return [fullValue(type.itemType, where)];
  if (isModelClass(type)) {
    const fields = Object.fromEntries(
      Object.entries(type.types()).map(([field, inner]) => [field, fullValue(inner, `${where}.${field}`)]),
    );
    return new type(fields);
  }
  throw new Error(`${where}: an SDK field type this test does not know: ${JSON.stringify(type)}`);
}

/**
 * The leaves of a type as openapi-core's `OpenApiUtil.query` flattens them: `Name`, `Name.Field`,
 * `Name.N` for lists (index from 1) and `Name.N.Field` for lists of structures. Each leaf comes
 * with the value that sets only that leaf.
 */
function leaves(
  type: unknown,
  name: string,
  wire: string,
  where: string,
): { name: string; wire: string; value: unknown }[] {
  if (typeof type === "string" && type in PRIMITIVES) return [{ name, wire, value: PRIMITIVES[type] }];
  if (isArrayType(type)) {
    return leaves(type.itemType, `${name}.N`, `${wire}.1`, where).map((leaf) => ({
      ...leaf,
      value: [leaf.value],
    }));
  }
  if (isModelClass(type)) {
    const names = type.names();
    return Object.entries(type.types()).flatMap(([field, inner]) =>
      leaves(inner, `${name}.${names[field]}`, `${wire}.${names[field]}`, `${where}.${field}`).map(
        (leaf) => ({ ...leaf, value: new type({ [field]: leaf.value }) }),
      ),
    );
  }
  throw new Error(`${where}: an SDK field type this test does not know: ${JSON.stringify(type)}`);
}

/** Every parameter the SDK can send for `action`; undefined when the action takes no request. */
function sdkParameters(sdk: object, action: string): SdkParameter[] | undefined {
  const models = sdk as Record<string, unknown>;
  const request = models[`${action}Request`];
  if (request === undefined) return undefined;
  if (!isModelClass(request)) throw new Error(`${action}Request is not an SDK model`);
  // A "shrink" request sends a structured field as ONE JSON string under its own name.
  const shrink = models[`${action}ShrinkRequest`];
  const shrunk = new Set(
    isModelClass(shrink)
      ? Object.keys(shrink.types())
          .filter((field) => field.endsWith("Shrink"))
          .map((field) => field.slice(0, -"Shrink".length))
      : [],
  );
  const names = request.names();
  return Object.entries(request.types()).flatMap(([field, type]) => {
    const name = names[field] ?? field;
    if (shrunk.has(field)) return [{ name, wire: name, field, value: fullValue(type, field) }];
    return leaves(type, name, name, field).map((leaf) => ({ ...leaf, field }));
  });
}

// ---- the products ---------------------------------------------------------------------------------

interface Declared {
  readonly action: string;
  readonly access: "read" | "write";
  readonly secretResponse?: true;
  readonly parameters: { readonly accepted: readonly string[]; readonly notModelled?: object };
}

interface Product {
  readonly product: CloudProduct;
  readonly sdk: object;
  readonly client: (t: TestCloud) => object;
  readonly handlers: readonly Declared[];
}

const PRODUCTS: readonly Product[] = [
  { product: "ram", sdk: RamModule, client: (t) => t.ram(), handlers: ramHandlers },
  { product: "sts", sdk: StsModule, client: (t) => t.sts(), handlers: stsHandlers },
  {
    product: "resourcemanager",
    sdk: ResourceManagerModule,
    client: (t) => t.rm(),
    handlers: resourceManagerHandlers,
  },
  { product: "tag", sdk: TagModule, client: (t) => t.tag(), handlers: tagHandlers },
];

const REFUSAL = /is not supported by the local cloud|has no parameter of that name|has no dry run/;

function notModelledNames(handler: Declared): string[] {
  return Object.keys(handler.parameters.notModelled ?? {});
}

/** The SDK method of an action: `listTagResources` for `ListTagResources`. */
function call(client: object, action: string, request?: object): Promise<unknown> {
  const method = (client as Record<string, unknown>)[action[0]!.toLowerCase() + action.slice(1)];
  if (typeof method !== "function") throw new Error(`the SDK has no method for ${action}`);
  return (method as (request?: object) => Promise<unknown>).call(client, request);
}

async function outcome(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
    return { code: "200", message: "" };
  } catch (err) {
    const { code, message } = err as { code?: unknown; message?: unknown };
    return { code: String(code), message: String(message) };
  }
}

// ---- the declarations match the SDK ---------------------------------------------------------------

describe.each(PRODUCTS)("$product: declared parameters", ({ sdk, handlers }) => {
  it.each(handlers.map((handler) => [handler.action, handler] as const))(
    "%s declares exactly its SDK request's parameters",
    (action, handler) => {
      const sdkNames = (sdkParameters(sdk, action) ?? []).map((parameter) => parameter.name).sort();
      const declared = [...handler.parameters.accepted, ...notModelledNames(handler)].sort();

      // Given the SDK's request model, when compared with the handler's declaration, then every
      // SDK parameter is read or refused by name, and nothing else is declared.
      expect({ undeclared: sdkNames.filter((name) => !declared.includes(name)) }).toEqual({
        undeclared: [],
      });
      expect({ notInTheSdk: declared.filter((name) => !sdkNames.includes(name)) }).toEqual({
        notInTheSdk: [],
      });
      expect(new Set(declared).size).toBe(declared.length);
    },
  );
});

// ---- over the wire --------------------------------------------------------------------------------

let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(() => t.close());

describe.each(PRODUCTS)("$product: every SDK parameter, through the official SDK", (product) => {
  const cases = product.handlers.flatMap((handler) =>
    (sdkParameters(product.sdk, handler.action) ?? []).map(
      (parameter) => [`${handler.action} ${parameter.wire}`, handler, parameter] as const,
    ),
  );

  it.each(cases)("%s is read or refused by name", async (_label, handler, parameter) => {
    const request = sdkModel(product.sdk, handler.action, { [parameter.field]: parameter.value });

    const result = await outcome(call(product.client(t), handler.action, request));

    if (notModelledNames(handler).includes(parameter.name)) {
      expect(result.code).toBe("InvalidParameter");
      expect(result.message).toContain(`"${parameter.wire}" is not supported by the local cloud: `);
    } else {
      // Read by the handler: whatever it answers (a success, a missing or invalid value), it is not
      // a refusal of the parameter itself.
      expect(result.message).not.toMatch(REFUSAL);
    }
  });
});

function sdkModel(sdk: object, action: string, fields: Record<string, unknown>): object {
  const model = (sdk as Record<string, unknown>)[`${action}Request`];
  if (!isModelClass(model)) throw new Error(`${action}Request is not an SDK model`);
  return new model(fields);
}

describe.each(PRODUCTS)("$product: parameters the action does not have, through pop-core", (product) => {
  const actions = product.handlers.map((handler) => [handler.action, handler] as const);

  it.each(actions)("%s refuses an unknown parameter, empty or not", async (action) => {
    for (const value of ["x", ""]) {
      // Given a request carrying a parameter no version of the API has, when it is sent, then it
      // is refused by name rather than ignored.
      const result = await outcome(
        t.popCore(product.product).request(action, { NotAParameter: value }, { method: "POST" }),
      );

      expect(result.code).toBe("InvalidParameter");
      expect(result.message).toContain(
        `The specified parameter "NotAParameter" is not valid. ${action} has no parameter of that name`,
      );
    }
  });

  it.each(actions)("%s refuses DryRun, which Alibaba's API does not have", async (action) => {
    const result = await outcome(
      t.popCore(product.product).request(action, { DryRun: "true" }, { method: "POST" }),
    );

    expect(result.code).toBe("InvalidParameter");
    expect(result.message).toContain(`${action} has no dry run`);
  });
});

describe("parameters the runtime honours, and spellings the catalog does not read", () => {
  it("takes a ClientToken on a write (idempotency) and refuses it on a read, where it would do nothing", async () => {
    const params = { GroupName: "params-retry", ClientToken: "params-retry-1" };
    const first = (await t.popCore("ram").request("CreateGroup", params, { method: "POST" })) as {
      Group: { GroupName: string; CreateDate: string };
    };
    const again = (await t.popCore("ram").request("CreateGroup", params, { method: "POST" })) as {
      Group: { GroupName: string; CreateDate: string };
    };
    const read = await outcome(
      t.popCore("ram").request("ListGroups", { ClientToken: "params-read" }, { method: "POST" }),
    );

    expect(again.Group).toEqual(first.Group);
    expect([read.code, read.message]).toEqual([
      "InvalidParameter",
      expect.stringContaining('"ClientToken" is not valid. ListGroups has no parameter of that name'),
    ]);
  });

  it("lets an official but unmodelled parameter pass when it is empty: it asks for nothing", async () => {
    const roles = (await t.popCore("ram").request("ListRoles", { Tag: "" }, { method: "POST" })) as {
      Roles: unknown;
    };
    // The SDK sends `tag: []` as the JSON string `[]`.
    const untagged = await t.ram().listRoles(new RamModule.ListRolesRequest({ tag: [] }));
    const tagged = await sdkError(
      t
        .ram()
        .listRoles(
          new RamModule.ListRolesRequest({ tag: [new RamModule.ListRolesRequestTag({ key: "k" })] }),
        ),
    );

    expect(roles.Roles).toBeDefined();
    expect(untagged.body?.roles).toBeDefined();
    expect([tagged.code, tagged.message]).toEqual([
      "InvalidParameter",
      expect.stringContaining('"Tag" is not supported by the local cloud: tags on RAM identities'),
    ]);
  });

  it("refuses a list index spelled otherwise than the catalog reads it", async () => {
    const result = await outcome(
      t
        .popCore("tag")
        .request(
          "UntagResources",
          { RegionId: "cn-hangzhou", "ResourceARN.01": "acs:ecs:cn-hangzhou:1:image/m-1", "TagKey.1": "k" },
          { method: "POST" },
        ),
    );

    expect(result.code).toBe("InvalidParameter");
    expect(result.message).toContain('"ResourceARN.01" is not valid. UntagResources has no parameter');
  });
});
