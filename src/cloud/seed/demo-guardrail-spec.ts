import { constants } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { GOLDEN_TAGS, type DemoOrganisation } from "./demo-organisation.js";

// `<dataDir>/imageguard.yaml`: a guardrail spec for the demo organisation, with its real ids, so that
// `imageguard guardrail plan --spec .imageguard/imageguard.yaml` works right after `npm start`. The
// seed cannot import the guardrail module (it lies above the cloud), so this is a YAML text filled
// with ids; a test parses it with the guardrail's own parser. Written only when absent: once there,
// it is the user's file.

export const DEMO_GUARDRAIL_SPEC_FILE = "imageguard.yaml";

/** The instance the spec exempts: a legacy node, exempted until the end of 2027. */
const EXEMPT_INSTANCE = { account: "app-storefront", name: "batch-1" } as const;
export const DEMO_EXEMPTION_EXPIRES = "2027-12-31";

export function demoGuardrailSpec(org: DemoOrganisation): string {
  const account = (name: string): string => {
    const found = org.accounts.find((entry) => entry.name === name);
    if (found === undefined) throw new Error(`the demo organisation has no account ${name}`);
    return found.accountId;
  };
  const factory = account("image-factory");
  const batch = org.instances.find(
    (instance) => instance.account === EXEMPT_INSTANCE.account && instance.name === EXEMPT_INSTANCE.name,
  );
  if (batch === undefined) throw new Error(`the demo organisation has no instance ${EXEMPT_INSTANCE.name}`);
  const tags = GOLDEN_TAGS.map((tag) => `    ${tag.key}: [${tag.value}]`).join("\n");
  return `# The guardrail for the demo organisation of the local cloud, written by \`imageguard serve --seed demo\`
# (only when this file is absent: edit it freely). docs/guardrail-spec.md describes every field.
#
#   Root ${org.rootFolderId}: management account ${org.managementAccountId}
#   ├── Security     image-factory (${factory}): builds, tags and shares the golden images
#   ├── Production   app-storefront (${account("app-storefront")}), app-payments (${account("app-payments")})
#   └── Development  dev-playground (${account("dev-playground")})
#
#   imageguard guardrail validate .imageguard/imageguard.yaml
#   imageguard guardrail plan --spec .imageguard/imageguard.yaml     # what would change, as a diff
#   imageguard guardrail apply --spec .imageguard/imageguard.yaml    # deploy it (asks first)
#   imageguard guardrail status --spec .imageguard/imageguard.yaml   # drift since
#   imageguard scan --spec .imageguard/imageguard.yaml
version: 1

golden:
  # The brief's tags: an image is golden only when it carries all of them.
  requiredTags:
${tags}
  # Any account can tag its own image golden and share it: only image-factory's images count.
  trustedOwners: ["${factory}"]
  # Shared from image-factory (\`Others\` in the workloads' accounts) or its own (\`Self\`); never
  # Alibaba's public images.
  allowedSources: [Self, Others]
  maxImageAgeDays: 90
  deprecationGraceDays: 14

scopes:
  - path: Root/Production
    mode: enforce
    description: production workloads launch from golden images only
  - path: Root/Development
    mode: audit
    description: experiments are scanned and reported, not blocked

pipeline:
  # The demo's image factory builds and tags its images through image-factory's
  # ResourceDirectoryAccountAccessRole; pinned to that account, so the same role elsewhere is no pipeline.
  roles:
    - acs:ram::${factory}:role/resourcedirectoryaccountaccessrole
  launchExempt: false

breakGlass:
  # Left out of every rule; created only for emergencies. Pinned to the management account: a bare
  # name would match a role of that name in any account, which any member account's admin can create.
  roles:
    - acs:ram::${org.managementAccountId}:role/break-glass-admin

exemptions:
  - id: storefront-legacy-batch
    scope: Root/Production
    instance: ${batch.instanceId}
    reason: ${EXEMPT_INSTANCE.name} runs from an untagged legacy image and retires with the 2027 platform migration
    approver: security-team@example.com
    expiresAt: "${DEMO_EXEMPTION_EXPIRES}"
`;
}

/** Writes the spec unless the file exists; true when it was written. */
export async function writeDemoGuardrailSpec(dataDir: string, org: DemoOrganisation): Promise<boolean> {
  try {
    // `wx`: never replaces a spec the user has, even one created a moment ago.
    await writeFile(join(dataDir, DEMO_GUARDRAIL_SPEC_FILE), demoGuardrailSpec(org), {
      flag: constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY,
      mode: 0o644,
    });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}
