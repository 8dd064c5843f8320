import type { Route } from "../route.js";
import { callRoute } from "./call.js";
import { complianceRoutes } from "./compliance/compliance-routes.js";
import { goldenCriteriaRoute } from "./golden-criteria.js";
import { policyRoutes } from "./policy/policy-routes.js";
import { remediationRoutes } from "./remediation/remediation-routes.js";
import { scanRoutes } from "./scan/scan-routes.js";
import { sessionRoutes } from "./session.js";

// Every route of /console/api, one line per route file (or small group). Add yours here.
export const consoleRoutes: readonly Route[] = [
  ...sessionRoutes,
  callRoute,
  ...policyRoutes,
  ...scanRoutes,
  ...complianceRoutes,
  ...remediationRoutes,
  goldenCriteriaRoute,
];
