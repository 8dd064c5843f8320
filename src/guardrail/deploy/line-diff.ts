// A line diff of two policy documents, both formatted the same way (formatDocument), so that a
// change reads as the statements and values that changed. Longest common subsequence: documents
// are at most a few hundred lines.
import { formatDocument } from "../generate/generate-guardrail-policies.js";
import type { DiffLine } from "./types.js";

/** The document as the plan shows it; text that is not JSON is shown as it is. */
export function formatForDiff(text: string | undefined): string[] {
  if (text === undefined) return [];
  try {
    return formatDocument(JSON.parse(text)).split("\n");
  } catch {
    return text.split(/\r?\n/);
  }
}

export function lineDiff(before: readonly string[], after: readonly string[]): DiffLine[] {
  const n = before.length;
  const m = after.length;
  // lengths[i][j]: the longest common subsequence of before[i..] and after[j..].
  const lengths: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = lengths[i] as number[];
    const below = lengths[i + 1] as number[];
    for (let j = m - 1; j >= 0; j--) {
      row[j] =
        before[i] === after[j]
          ? (below[j + 1] as number) + 1
          : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (before[i] === after[j]) {
      lines.push({ op: " ", text: before[i] as string });
      i++;
      j++;
    } else if ((lengths[i + 1]?.[j] ?? 0) >= (lengths[i]?.[j + 1] ?? 0)) {
      lines.push({ op: "-", text: before[i] as string });
      i++;
    } else {
      lines.push({ op: "+", text: after[j] as string });
      j++;
    }
  }
  for (; i < n; i++) lines.push({ op: "-", text: before[i] as string });
  for (; j < m; j++) lines.push({ op: "+", text: after[j] as string });
  return lines;
}

export function documentDiff(before: string | undefined, after: string | undefined): DiffLine[] {
  return lineDiff(formatForDiff(before), formatForDiff(after));
}
