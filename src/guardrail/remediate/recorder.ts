// The findings store as the place a remediation run is recorded.
import type { FindingsStore } from "../findings/types.js";
import type { RemediationRecorder } from "./apply-remediation.js";

export function findingsRecorder(store: FindingsStore): RemediationRecorder {
  return {
    startRun: (input) => store.startRemediationRun(input),
    recordStep: (runId, step) => store.recordRemediationStep(runId, step),
    finishRun: (runId, run) => store.finishRemediationRun(runId, run),
  };
}
