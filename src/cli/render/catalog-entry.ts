// Catalog entries as text: one entry in full, or the whole table one line per action.
import type { CatalogEntry, EntryDescription } from "../../catalog/index.js";

export function renderCatalogEntry(entry: CatalogEntry, description: EntryDescription): string {
  const lines = [description.ramAction, `  ${description.description}`, ""];
  lines.push(`  product:      ${entry.product} (API version ${entry.version})`);
  lines.push(
    `  API action:   ${entry.apiAction ?? "none (a name policies recognise; no API action checks it)"}`,
  );
  lines.push(`  access:       ${description.access}`);
  lines.push(`  checks:       ${description.checkKind}: ${description.checks}`);
  lines.push("  resources:");
  if (description.resources.length === 0) lines.push("    none");
  for (const resource of description.resources) {
    lines.push(`    ${resource.arn}${resource.when === undefined ? "" : `  (when ${resource.when})`}`);
  }
  lines.push("  context keys (besides the global keys):");
  if (description.contextKeys.length === 0) lines.push("    none");
  const width = Math.max(0, ...description.contextKeys.map((spec) => spec.key.length));
  for (const spec of description.contextKeys) lines.push(`    ${spec.key.padEnd(width)}  ${spec.source}`);
  if (description.decision !== undefined) lines.push(`  decision:     ${description.decision}`);
  if (description.docs !== undefined) lines.push(`  docs:         ${description.docs}`);
  return `${lines.join("\n")}\n`;
}

export function renderCatalogList(entries: readonly CatalogEntry[]): string {
  const nameWidth = Math.max(...entries.map((entry) => entry.ramAction.length));
  const kindWidth = Math.max(...entries.map((entry) => entry.checkKind.length));
  const lines = entries.map(
    (entry) =>
      `${entry.ramAction.padEnd(nameWidth)}  ${entry.checkKind.padEnd(kindWidth)}  ${entry.description}`,
  );
  return `${lines.join("\n")}\n`;
}
