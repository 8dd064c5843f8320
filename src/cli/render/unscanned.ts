// A place a scan could not list (a whole account, or one of its regions), in the same words for
// `scan` and `remediate --scan`; only what its absence costs differs between them.
import type { Incomplete } from "../../guardrail/index.js";
import { renderError } from "./diagnostic.js";

/** `cost` is the help when the failure carries none of its own. */
export function renderUnscanned(gap: Incomplete, cost: string): string {
  return renderError(
    `${gap.accountName} (\`${gap.accountId}\`)${gap.regionId === undefined ? "" : ` in \`${gap.regionId}\``} could not be scanned: ${gap.error.message}`,
    gap.error.help ?? cost,
  );
}
