// A failure of work the console does through src/client (a scan, a remediation) as the page shows
// it. A refusal by the cloud is decoded as the same user, like every refusal the console passes
// on, so the page can say which policy stopped the work; a user who may not decode learns that.
import { isCloudClientError } from "../../../../client/index.js";
import type { AccessDeniedInfo, DecodedDenial } from "../../../web/lib/denial-types.js";
import { isCloudCallError } from "../../cloud-call-error.js";
import type { CloudCaller } from "../../cloud-caller.js";
import { toCloudCallError } from "../../cloud-caller.js";
import { scanFailure } from "./scan-jobs.js";
import type { ScanJobError } from "./scan-jobs.js";

export async function explainFailure(cloud: CloudCaller, error: unknown): Promise<ScanJobError> {
  const failure = scanFailure(error);
  if (!isCloudClientError(error) || error.accessDeniedDetail === undefined) return failure;
  return { ...failure, accessDenied: await explainDenial(cloud, error.accessDeniedDetail) };
}

/** Alibaba's AccessDeniedDetail with its EncodedDiagnosticMessage decoded as the caller, when it has one. */
export async function explainDenial(
  cloud: CloudCaller,
  rawDetail: Readonly<Record<string, unknown>>,
): Promise<AccessDeniedInfo> {
  const detail = Object.fromEntries(
    Object.entries(rawDetail).filter(([, value]) => typeof value === "string"),
  ) as Record<string, string>;
  const encoded = detail["EncodedDiagnosticMessage"];
  if (encoded === undefined || encoded === "") return { detail };
  try {
    const decoded = await cloud.call("Ram", "DecodeDiagnosticMessage", { EncodedDiagnosticMessage: encoded });
    const decision = decoded["Decision"];
    return typeof decision === "string"
      ? { detail, explanation: JSON.parse(decision) as DecodedDenial }
      : {
          detail,
          decodeError: {
            code: "DecisionMissing",
            message: "the cloud decoded the message without the decision",
            httpStatus: 200,
          },
        };
  } catch (decodeError) {
    // The caller throws CloudCallError already; anything else is the SDK's own error.
    const refused = isCloudCallError(decodeError) ? decodeError : toCloudCallError(decodeError);
    return {
      detail,
      decodeError: { code: refused.code, message: refused.message, httpStatus: refused.httpStatus },
    };
  }
}
