import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { GUARDRAIL_CONTROL_POLICY_DOCUMENT, SEED_POLICY_DOCUMENT } from "./demo-policies.js";

// The demo's policy documents as files in the data directory, so the printed
// `imageguard policy simulate --policy …` commands have something to read, and a reader can see
// exactly what the cloud was given.

export const DEMO_POLICIES_DIR = "demo-policies";

export const DEMO_POLICY_FILES: Readonly<Record<string, string>> = {
  "golden-image-guardrail.json": GUARDRAIL_CONTROL_POLICY_DOCUMENT,
  "seed-example-allow-only.json": SEED_POLICY_DOCUMENT,
  "golden-image-launch-only.json": SEED_POLICY_DOCUMENT,
};

export async function writeDemoPolicyFiles(dataDir: string): Promise<void> {
  const dir = join(dataDir, DEMO_POLICIES_DIR);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const [name, document] of Object.entries(DEMO_POLICY_FILES)) {
    await writeFile(join(dir, name), `${document}\n`, { mode: 0o600 });
  }
}
