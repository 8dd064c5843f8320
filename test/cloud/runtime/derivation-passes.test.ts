// Checks are derived from the store in passes, one per round of questions whose answers later
// questions depend on. A derivation that still has a question after its last pass must fail the call
// (InternalError) rather than decide on facts it never read. The limit is lowered here to reach it
// with a real catalog chain: StartInstance without a RegionId asks where the instance is, then for
// the instance in that region, then builds its check.
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findApiAction, type CatalogEntry } from "../../../src/catalog/index.js";
import { newAccountId } from "../../../src/cloud/model/index.js";
import { toErrorEnvelope } from "../../../src/cloud/http/index.js";
import { deriveChecksFromStore } from "../../../src/cloud/runtime/index.js";
import { openSqliteStore, type Store } from "../../../src/cloud/store/index.js";
import { createInstance } from "./fixtures.js";
import { account } from "../store/fixtures.js";

let store: Store;
let me: string;
beforeEach(async () => {
  store = await openSqliteStore({ file: ":memory:", masterKey: randomBytes(32) });
  me = newAccountId();
  await store.accounts.insert(account(me));
});
afterEach(() => store.close());

const startInstance = findApiAction("Ecs", "StartInstance") as CatalogEntry;

/** An instance of the caller's in cn-shanghai, tagged team=web. */
function taggedInstance(): Promise<string> {
  return createInstance(store, me, "cn-shanghai", { team: "web" });
}

/** StartInstance's checks, sent to cn-hangzhou without a RegionId. */
function startChecks(instanceId: string, maxPasses?: number) {
  return deriveChecksFromStore(
    store,
    startInstance,
    { params: { InstanceId: instanceId }, accountId: me, regionId: "cn-hangzhou" },
    { accountId: me, regionId: "cn-hangzhou" },
    maxPasses,
  );
}

describe("passes of check derivation", () => {
  it("derive the same checks within the default limit as within exactly enough passes", async () => {
    // Given a tagged instance in another region than the request was sent to
    const instanceId = await taggedInstance();

    // When its StartInstance checks are derived with the default limit and with just enough passes
    const byDefault = await startChecks(instanceId);
    const justEnough = await startChecks(instanceId, 3);

    // Then both name it in its region with its tag
    expect(byDefault[0]?.resources).toEqual([`acs:ecs:cn-shanghai:${me}:instance/${instanceId}`]);
    expect(byDefault[0]?.context["acs:resourcetag/team"]).toBe("web");
    expect(justEnough).toEqual(byDefault);
  });

  it("fail loudly, as an InternalError with no detail, when the last pass still had a question", async () => {
    // Given a tagged instance in another region than the request was sent to
    const instanceId = await taggedInstance();

    // When the limit is one pass short of the chain
    const derived = startChecks(instanceId, 2);

    // Then the derivation throws instead of deciding without the instance's tags
    const err = await derived.catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "DerivationPassesError" });
    // and the caller learns only that it was an InternalError
    const { status, body } = toErrorEnvelope(err, "REQ");
    expect(status).toBe(500);
    expect(body.Code).toBe("InternalError");
    expect(JSON.stringify(body)).not.toContain("passes");
  });
});
