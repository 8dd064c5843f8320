// The remediation routes' calls and shapes, for the finding's page.
import type { RemediationPlan, StrategyChoice } from "../../../../guardrail/index.js";
import type { RunJob } from "../../../server/routes/remediation/remediation-runs.js";
import { api } from "../../lib/api.js";

export type { RunJob };

export interface PlanOptions {
  readonly strategy: StrategyChoice;
  readonly includeAudit: boolean;
  readonly approveImage: boolean;
}

export const remediationApi = {
  plan: (findingKey: string, options: PlanOptions) =>
    api.post<{ planId: string; plan: RemediationPlan }>("/remediation/plan", { findingKey, ...options }),
  apply: (planId: string) => api.post<{ run: RunJob }>("/remediation/apply", { planId, confirmed: true }),
  run: (id: string) => api.get<{ run: RunJob }>(`/remediation/runs/${encodeURIComponent(id)}`),
};
