import type { PolicyKind } from "./types.js";

/** Maximum policy size in characters, per kind (Alibaba Cloud's published limits). */
export const SIZE_LIMITS: Readonly<Record<PolicyKind, number>> = {
  ram: 6144,
  control: 4096,
  session: 1024,
  trust: 4096,
};

/**
 * The size of a policy document as counted against `SIZE_LIMITS` [decision on counting]:
 * Unicode code points, leaving out JSON whitespace (space, tab, CR, LF) outside string literals,
 * so indentation never decides whether a policy fits. Escapes count as written (`\u00e9` is six).
 * Works on any text; for text that is not JSON the count is a best effort.
 */
export function policySize(text: string): number {
  let size = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= 0xd800 && ch <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      size++;
      continue;
    }
    if (inString) {
      size++;
      if (ch === 0x5c) {
        // The escaped character belongs to the string whatever it is, a quote included.
        if (i + 1 < text.length) {
          i++;
          size++;
        }
      } else if (ch === 0x22 || ch === 0x0a || ch === 0x0d) {
        inString = false;
      }
      continue;
    }
    if (ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d) continue;
    if (ch === 0x22) inString = true;
    size++;
  }
  return size;
}
