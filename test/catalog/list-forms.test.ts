// The catalog must see every resource a handler acts on. The local cloud reads a list parameter
// with ParamReader.list, which takes a JSON array in `Name` or the flattened `Name.N`, whichever
// arrives; the catalog reads its `repeated` and `json` bindings itself. This pins, for every such
// binding of the catalog and every wire form ParamReader.list accepts, that both read the same ids.
// (ECS's `ResourceId.N` and the Tag service's `ResourceARN.N` handlers read only the flattened form,
// which is a part of what ParamReader.list reads, and refuse the bare name as an unknown parameter.)
import { describe, expect, it } from "vitest";
import { bindingValues, catalogEntries } from "../../src/catalog/index.js";
import type { Binding } from "../../src/catalog/index.js";
import { readParams } from "../../src/cloud/http/index.js";

type ParamBinding = Extract<Binding, { from: "param" }>;

const listBindings: [string, ParamBinding][] = catalogEntries.flatMap((entry) =>
  entry.resources.flatMap((template) =>
    Object.values(template.bindings).flatMap((binding): [string, ParamBinding][] =>
      binding.from === "param" && (binding.list === "repeated" || binding.list === "json")
        ? [[`${entry.ramAction} ${binding.param} (${binding.list})`, binding]]
        : [],
    ),
  ),
);

/** Wire forms of a list of ids, the ones the cloud refuses included (those are skipped below). */
function wireForms(name: string): Record<string, string>[] {
  return [
    { [name]: JSON.stringify(["id-a", "id-b"]) },
    { [name]: JSON.stringify(["id-a", "", 42]) },
    { [name]: "[]" },
    { [`${name}.1`]: "id-a", [`${name}.2`]: "id-b" },
    { [`${name}.3`]: "id-c", [`${name}.1`]: "id-a", [`${name}.10`]: "id-j" },
    { [`${name}.1`]: "", [`${name}.2`]: "id-b" },
    { [`${name}.1`]: "id-a", [`${name}.1.Key`]: "not-an-id" },
    // Refused by the cloud: both forms at once, a zero or zero-padded index, malformed JSON.
    { [name]: '["id-a"]', [`${name}.1`]: "id-b" },
    { [`${name}.0`]: "id-a" },
    { [`${name}.01`]: "id-a" },
    { [name]: "id-a" },
  ];
}

/** What the cloud's reader reads, without empty ids (they name no resource); undefined when it refuses. */
function cloudReads(params: Record<string, string>, name: string): string[] | undefined {
  try {
    return readParams(params)
      .list(name)
      .filter((id) => id !== "");
  } catch {
    return undefined;
  }
}

describe("list parameters: the catalog reads the ids the cloud reads", () => {
  it("the catalog has list bindings to check", () => {
    expect(listBindings.map(([label]) => label)).toEqual(
      expect.arrayContaining([
        "ecs:RunInstances SecurityGroupIds (repeated)",
        "ecs:DescribeInstances InstanceIds (json)",
        "ecs:DescribeSecurityGroups SecurityGroupIds (json)",
      ]),
    );
  });

  it.each(listBindings)("%s", (_label, binding) => {
    for (const params of wireForms(binding.param)) {
      const read = cloudReads(params, binding.param);
      if (read === undefined) continue;
      expect(bindingValues(params, binding), JSON.stringify(params)).toEqual(read);
    }
  });
});
