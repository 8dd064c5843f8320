// Where to deploy and what is there: the caller's identity and directory decide the target (control
// policies in a Resource Directory the caller manages, RAM policies in an account without one), then
// the target is read through the client, as data (observe-directory.ts, observe-account.ts).
import { isAccessDenied, isCloudClientError } from "../../client/index.js";
import type { CloudClient, ResourceDirectory } from "../../client/index.js";
import { DeployError } from "./deploy-error.js";
import { observeAccount } from "./observe-account.js";
import { observeDirectory } from "./observe-directory.js";
import type { DeployTargetChoice, DeployTargetKind, ObserveRequest, ObservedState } from "./types.js";

export interface DetectedTarget {
  readonly kind: DeployTargetKind;
  /** The credentials' account. */
  readonly accountId: string;
  readonly directory?: ResourceDirectory;
}

export async function detectTarget(client: CloudClient, choice: DeployTargetChoice): Promise<DetectedTarget> {
  const identity = await client.whoami();
  // RAM policies need nothing of the directory: a RAM user without Resource Manager rights may plan them.
  if (choice === "ram") return { kind: "ram", accountId: identity.accountId };
  let directory: ResourceDirectory | undefined;
  try {
    directory = await client.rd.getDirectory();
  } catch (error) {
    if (isCloudClientError(error) && isAccessDenied(error)) {
      throw new DeployError(
        "directory-unreadable",
        `the credentials (account \`${identity.accountId}\`) may not read the resource directory (\`resourcemanager:GetResourceDirectory\` was denied), so imageguard cannot tell whether control policies apply`,
        "use credentials of the management account that may manage control policies, or pass `--target ram` for RAM policies in this account",
      );
    }
    throw error;
  }
  const base = { accountId: identity.accountId, ...(directory === undefined ? {} : { directory }) };
  if (directory === undefined) {
    if (choice === "auto") return { kind: "ram", ...base };
    throw new DeployError(
      "no-resource-directory",
      `account \`${identity.accountId}\` is in no resource directory, so it has no control policies`,
      "plan RAM policies for this account with `--target ram`, or connect with a Resource Directory's management account",
    );
  }
  if (directory.managementAccountId !== identity.accountId) {
    throw new DeployError(
      choice === "auto" ? "member-account" : "not-management-account",
      `account \`${identity.accountId}\` is a member of resource directory \`${directory.directoryId}\`; only its management account \`${directory.managementAccountId}\` manages control policies`,
      choice === "auto"
        ? "connect with a RAM user of the management account for control policies, or pass `--target ram` for RAM policies in this account"
        : "connect with a RAM user of the management account",
    );
  }
  return { kind: "resource-directory", ...base };
}

export async function observeTarget(
  client: CloudClient,
  detected: DetectedTarget,
  request: ObserveRequest,
): Promise<ObservedState> {
  if (request.target === "resource-directory") {
    if (detected.directory === undefined) {
      throw new DeployError(
        "no-resource-directory",
        `account \`${detected.accountId}\` is in no resource directory`,
        "connect with a Resource Directory's management account",
      );
    }
    return observeDirectory(client, detected.directory, request);
  }
  return observeAccount(client, detected.accountId, request);
}
