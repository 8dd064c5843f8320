// applyRemediation on its own, with the cloud replaced by a recording fake: what it runs for the
// items a plan lists, and that every item's outcome reaches the run's summary.
import { describe, expect, it } from "vitest";
import { applyRemediation } from "../../../src/guardrail/index.js";
import type { RemediationDeps, RemediationPlan, RemediationStep } from "../../../src/guardrail/index.js";
import { NOW, goldenImage, place, plan, publicUbuntu, running, target } from "./fixtures.js";

function planOf(instanceIds: readonly string[]): RemediationPlan {
  return plan(
    instanceIds.map((id) => target(id)),
    [
      place(
        instanceIds.map((id) => running(id)),
        [publicUbuntu()],
        [goldenImage("m-golden")],
      ),
    ],
  );
}

/** Every step succeeds except `failing` ones; the calls are recorded in order. */
function fakeCloud(failing: (step: RemediationStep) => boolean = () => false) {
  const calls: string[] = [];
  const deps: RemediationDeps = {
    runStep(step) {
      calls.push(`${step.action} ${step.params["InstanceId"] ?? ""}`);
      return Promise.resolve(
        failing(step) ? { ok: false, error: { code: "Boom", message: "it failed" } } : { ok: true },
      );
    },
    lookAt: () => Promise.resolve({ status: "Stopped", imageId: "m-golden" }),
    now: () => NOW,
  };
  return { calls, deps };
}

describe("applying the items of a plan", () => {
  it("Given a plan that lists one item twice, it is refused before any call: the instance would be worked on twice", async () => {
    const plan = planOf(["i-web"]);
    const twice: RemediationPlan = { ...plan, items: [...plan.items, ...plan.items] };
    const { calls, deps } = fakeCloud();
    await expect(applyRemediation(twice, deps)).rejects.toThrow(/more than once and cannot be applied/);
    expect(calls).toEqual([]);
  });

  it("Given one failed step among several items, the run and its summary count it", async () => {
    const plan = planOf(["i-one", "i-two", "i-three"]);
    const { calls, deps } = fakeCloud(
      (step) => step.action === "ReplaceSystemDisk" && step.params["InstanceId"] === "i-two",
    );
    const run = await applyRemediation(plan, deps);
    expect(calls).toHaveLength(8);
    expect(run.status).toBe("failed");
    expect(run.items.map((item) => [item.instanceId, item.outcome])).toEqual([
      ["i-one", "succeeded"],
      ["i-three", "succeeded"],
      ["i-two", "failed"],
    ]);
    expect(run.summary).toMatchObject({ instances: 3, failed: 1, stepsFailed: 1, stepsNotRun: 1 });
  });
});
