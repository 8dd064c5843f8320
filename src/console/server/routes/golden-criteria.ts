import { isConsoleError } from "../console-error.js";
import type { Route } from "../route.js";
import { loadSpec, specFileOf } from "./compliance/compliance-files.js";

// GET /console/api/golden-criteria: what makes an image golden, from the guardrail spec the console
// scans with, so that the Images, Launch and Instances pages mark and pick golden images exactly as
// the scan judges them. Without a usable spec the pages fall back to a golden-tags setting of their
// own: that is an answer (`source: "none"` with the reason), not an error.

export interface GoldenCriteriaBody {
  readonly source: "spec" | "none";
  readonly specFile: string;
  readonly requiredTags?: readonly { readonly key: string; readonly values: readonly string[] }[];
  readonly trustedOwners?: readonly string[];
  readonly allowedSources?: readonly string[];
  readonly maxImageAgeDays?: number;
  readonly deprecationGraceDays?: number;
  /** Why there is no spec to read (`GuardrailSpecMissing`, `GuardrailSpecInvalid`, …). */
  readonly reason?: { readonly code: string; readonly message: string; readonly help?: string };
}

export const goldenCriteriaRoute: Route = {
  method: "GET",
  path: "/golden-criteria",
  auth: "session",
  async handle(ctx) {
    const specFile = specFileOf(ctx.env);
    try {
      const { golden } = await loadSpec(specFile, new Date(ctx.env.now()));
      const body: GoldenCriteriaBody = {
        source: "spec",
        specFile,
        requiredTags: golden.requiredTags.map((tag) => ({ key: tag.key, values: [...tag.values] })),
        ...(golden.trustedOwners === undefined ? {} : { trustedOwners: [...golden.trustedOwners] }),
        ...(golden.allowedSources === undefined ? {} : { allowedSources: [...golden.allowedSources] }),
        ...(golden.maxImageAgeDays === undefined ? {} : { maxImageAgeDays: golden.maxImageAgeDays }),
        deprecationGraceDays: golden.deprecationGraceDays,
      };
      return { body };
    } catch (error) {
      if (!isConsoleError(error)) throw error;
      const body: GoldenCriteriaBody = {
        source: "none",
        specFile,
        reason: {
          code: error.code,
          message: error.message,
          ...(error.help === undefined ? {} : { help: error.help }),
        },
      };
      return { body };
    }
  },
};
