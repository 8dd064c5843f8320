// The steps of a plan as calls through src/client: each step's API call with the credentials of
// the account it acts in, then the wait it names (DescribeInstances until the instance is Stopped,
// Running, runs the new image with no operation lock left, or is gone). Errors become StepErrors
// carrying Alibaba's code, message, request id and AccessDeniedDetail.
import { ConnectionError, isCloudClientError } from "../../client/index.js";
import type { CallReceipt, CloudInstance } from "../../client/index.js";
import type { AccountClients } from "./account-clients.js";
import type { RemediationDeps, RemediationStepResult } from "./apply-remediation.js";
import { tagsOfStep } from "./steps.js";
import type { RemediationStep, RemediationStepError } from "./types.js";

export interface RemediationClientOptions {
  /** How long one wait may take (default 600,000 ms: Alibaba's stops and disk replacements take minutes). */
  readonly waitTimeoutMs?: number;
  /** Between two looks while waiting (default 5,000 ms). */
  readonly waitIntervalMs?: number;
}

export function remediationDepsFromClient(
  clients: AccountClients,
  options: RemediationClientOptions = {},
): Pick<RemediationDeps, "runStep" | "lookAt"> {
  const wait = {
    ...(options.waitTimeoutMs === undefined ? {} : { timeoutMs: options.waitTimeoutMs }),
    ...(options.waitIntervalMs === undefined ? {} : { intervalMs: options.waitIntervalMs }),
  };
  return {
    async runStep(step) {
      let requestId: string | undefined;
      const onReceipt = (receipt: CallReceipt) => {
        requestId = receipt.requestId ?? requestId;
      };
      try {
        const client = await clients(step.accountId);
        const ecs = client.ecs;
        const regionId = step.regionId;
        // A tag-image step names an image, not an instance.
        const instanceId = step.kind === "tag-image" ? "" : param(step, "InstanceId");
        const look = (what: string, until: (instance: CloudInstance | undefined) => boolean) =>
          ecs.waitForInstance(instanceId, { regionId, what, until, ...wait });
        let note: string | undefined;
        switch (step.kind) {
          case "stop-instance":
            await ecs.stopInstance(instanceId, { regionId, stoppedMode: "KeepCharging", onReceipt });
            await look("Stopped", (instance) => instance?.status === "Stopped");
            break;
          case "replace-system-disk": {
            const imageId = param(step, "ImageId");
            const diskId = await ecs.replaceSystemDisk(instanceId, imageId, { regionId, onReceipt });
            note = `new system disk \`${diskId}\``;
            // Done when the instance reports the new image and no operation lock is left (the
            // ReplaceSystemDisk reference's own test for completion).
            await look(
              `running \`${imageId}\` with no operation lock`,
              (instance) =>
                instance !== undefined &&
                instance.imageId === imageId &&
                instance.operationLocks.length === 0,
            );
            break;
          }
          case "start-instance":
            await ecs.startInstance(instanceId, { regionId, onReceipt });
            await look("Running", (instance) => instance?.status === "Running");
            break;
          case "delete-instance":
            await ecs.deleteInstance(instanceId, { regionId, onReceipt });
            await look("released", (instance) => instance === undefined || instance.status === "Deleted");
            break;
          case "tag-image":
            await ecs.tagImages([param(step, "ResourceId.1")], tagsOfStep(step), { regionId, onReceipt });
            break;
        }
        const result: RemediationStepResult = {
          ok: true,
          ...(requestId === undefined ? {} : { requestId }),
          ...(note === undefined ? {} : { note }),
        };
        return result;
      } catch (error) {
        const stepError = stepErrorOf(error);
        // A wait that timed out comes after a call that succeeded: keep that call's request id.
        return {
          ok: false,
          error:
            stepError.requestId === undefined && requestId !== undefined
              ? { ...stepError, requestId }
              : stepError,
        };
      }
    },

    async lookAt(item) {
      const client = await clients(item.accountId);
      const [instance] = await client.ecs.describeInstances({
        regionId: item.regionId,
        instanceIds: [item.instanceId],
      });
      return instance === undefined ? "gone" : { status: instance.status, imageId: instance.imageId };
    },
  };
}

/** A step's parameter; the plan builders always set the ones read here. */
function param(step: RemediationStep, name: string): string {
  const value = step.params[name];
  if (value === undefined || value === "")
    throw new Error(`step ${step.action} lacks its \`${name}\` parameter`);
  return value;
}

export function stepErrorOf(error: unknown): RemediationStepError {
  if (isCloudClientError(error)) {
    return {
      code: error.code,
      message: error.serverMessage === "" ? error.message : error.serverMessage,
      ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
      ...(error.accessDeniedDetail === undefined
        ? {}
        : { accessDeniedDetail: { ...error.accessDeniedDetail } }),
      ...(error.help === undefined ? {} : { help: error.help }),
    };
  }
  if (error instanceof ConnectionError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.help === undefined ? {} : { help: error.help }),
    };
  }
  return { code: "unexpected", message: error instanceof Error ? error.message : String(error) };
}
