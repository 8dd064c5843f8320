// An organisation file's data as the text `--save-org` writes: YAML in docs/org-format.md's format,
// with a comment saying where and when it was read. Pure. Policy documents are written as YAML
// mappings (not JSON text) so that two snapshots diff line by line.
import { stringify } from "yaml";
import type { OrgDocument } from "./types.js";

export interface OrgFileHeader {
  /** `the local cloud at http://127.0.0.1:8930`, `Alibaba Cloud`. */
  readonly source: string;
  /** Who read it: an ARN. */
  readonly readBy: string;
  /** ISO 8601. */
  readonly readAt: string;
  /** Accounts whose principals could not be read, and other things the file does not say. */
  readonly notes?: readonly string[];
}

export function orgFileText(document: OrgDocument, header: OrgFileHeader): string {
  const comment = [
    `Organisation read from ${header.source} by ${header.readBy} at ${header.readAt}`,
    "by `imageguard policy analyze --save-org` (docs/org-format.md). Analyse it offline with",
    "`imageguard policy analyze --scenario FILE`, or diff two snapshots.",
    ...(header.notes ?? []).map((note) => `note: ${note}`),
  ]
    .flatMap((line) => line.split("\n"))
    .map((line) => `# ${line}`.trimEnd());
  // Aliases would make a policy used twice refer to its first use; every entry is written out.
  const body = stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 });
  return `${comment.join("\n")}\n${body}`;
}
