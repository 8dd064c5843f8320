// Carrying out a plan's steps, in its order, one at a time, through the client. The first failure
// stops the run: what was done stays done (every step leaves the target protected, see
// diff-directory.ts), and the outcome says which steps ran, which failed and which did not run, so
// the operator knows where things stand. Applying again plans again from what is deployed now, so
// it finishes the rest; a plan with nothing left to do changes nothing.
import { isCloudClientError } from "../../client/index.js";
import type { CloudClient } from "../../client/index.js";
import { DeployError, isDeployError } from "./deploy-error.js";
import type { ApplyResult, DeployPlan, DeployStep, StepError, StepOutcome } from "./types.js";

export interface ApplyOptions {
  /** Told about each step as it ends (`index` from 0). */
  readonly onStep?: (outcome: StepOutcome, index: number, total: number) => void;
  /** Waits between enablement polls (tests pass one that returns at once). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Alibaba enables control policies asynchronously: how long to wait for `Enabled` (default 5 minutes). */
  readonly enableTimeoutMs?: number;
  readonly pollIntervalMs?: number;
}

export async function applyDeployPlan(
  client: CloudClient,
  plan: DeployPlan,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  if (!plan.ok) {
    throw new DeployError(
      "plan-not-applicable",
      `the plan has ${plan.conflicts.length > 0 ? `${plan.conflicts.length} conflict${plan.conflicts.length === 1 ? "" : "s"}` : "generation errors"} and cannot be applied`,
      "resolve the errors `imageguard guardrail plan` reports, then plan and apply again",
    );
  }
  const ids = new Map<string, string>();
  for (const step of plan.steps) {
    if ("policyId" in step && step.policyId !== undefined) ids.set(step.policy, step.policyId);
  }
  const outcomes: StepOutcome[] = [];
  const total = plan.steps.length;
  let failed = false;
  for (const [index, step] of plan.steps.entries()) {
    if (failed) {
      outcomes.push({ step, status: "not-run" });
      continue;
    }
    let outcome: StepOutcome;
    try {
      await run(client, step, ids, options);
      outcome = { step, status: "done" };
    } catch (error) {
      outcome = { step, status: "failed", error: stepError(error) };
      failed = true;
    }
    outcomes.push(outcome);
    options.onStep?.(outcome, index, total);
  }
  return { ok: !failed, outcomes };
}

async function run(
  client: CloudClient,
  step: DeployStep,
  ids: Map<string, string>,
  options: ApplyOptions,
): Promise<void> {
  const idOf = (name: string, given: string | undefined): string => {
    const id = given ?? ids.get(name);
    if (id === undefined) {
      // The plan's own order creates every policy before it is used; reaching here is a bug.
      throw new Error(`no id is known for control policy \`${name}\``);
    }
    return id;
  };
  switch (step.kind) {
    case "enable-control-policy":
      return enable(client, options);
    case "rename-policy":
      await client.rd.updateControlPolicy(step.policyId, { name: step.newName });
      ids.set(step.newName, step.policyId);
      return;
    case "create-policy":
      if (step.policyKind === "control") {
        const created = await client.rd.createControlPolicy({
          name: step.policy,
          document: step.document,
          description: step.description,
          ...(step.effectScope === undefined ? {} : { effectScope: step.effectScope }),
        });
        ids.set(step.policy, created.policyId);
      } else {
        await client.ram.createPolicy({
          name: step.policy,
          document: step.document,
          description: step.description,
        });
      }
      return;
    case "update-policy":
      if (step.policyKind === "control") {
        await client.rd.updateControlPolicy(idOf(step.policy, step.policyId), {
          document: step.document,
          ...(step.description === undefined ? {} : { description: step.description }),
        });
      } else {
        await client.ram.setPolicyDocument(step.policy, step.document);
      }
      return;
    case "delete-policy-version":
      return client.ram.deletePolicyVersion(step.policy, step.versionId);
    case "attach":
      if (step.target.kind === "node") {
        return client.rd.attachControlPolicy(idOf(step.policy, step.policyId), step.target.nodeId);
      }
      return client.ram.attachPolicy(
        { policyName: step.policy, policyType: "Custom" },
        { kind: step.target.principal, name: step.target.name },
      );
    case "detach":
      if (step.target.kind === "node") {
        return client.rd.detachControlPolicy(idOf(step.policy, step.policyId), step.target.nodeId);
      }
      return client.ram.detachPolicy(
        { policyName: step.policy, policyType: "Custom" },
        { kind: step.target.principal, name: step.target.name },
      );
    case "delete-policy":
      if (step.policyKind === "control")
        return client.rd.deleteControlPolicy(idOf(step.policy, step.policyId));
      return client.ram.deletePolicy(step.policy);
  }
}

/** EnableControlPolicy answers `PendingEnable` on Alibaba Cloud; attaching must wait for `Enabled`. */
async function enable(client: CloudClient, options: ApplyOptions): Promise<void> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const interval = options.pollIntervalMs ?? 2_000;
  const deadline = options.enableTimeoutMs ?? 300_000;
  let status = await client.rd.getControlPolicyStatus();
  if (status === "Disabled") status = await client.rd.enableControlPolicy();
  for (let waited = 0; status !== "Enabled"; waited += interval) {
    if (status === "Disabled" || status === "PendingDisable" || waited >= deadline) {
      throw new DeployError(
        "enable-timeout",
        `the Control Policy feature is \`${status}\`${waited >= deadline ? ` after ${Math.round(waited / 1000)} s` : ""}, not \`Enabled\``,
        "check it in the Resource Directory console, then apply again",
      );
    }
    await sleep(interval);
    status = await client.rd.getControlPolicyStatus();
  }
}

function stepError(error: unknown): StepError {
  if (isCloudClientError(error)) {
    return {
      code: error.code,
      message: error.message,
      ...(error.help === undefined ? {} : { help: error.help }),
      ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
    };
  }
  if (isDeployError(error)) return { code: error.code, message: error.message, help: error.help };
  return { code: "unexpected", message: error instanceof Error ? error.message : String(error) };
}
