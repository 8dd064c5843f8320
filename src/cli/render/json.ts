/** Machine-readable output: one JSON document, two-space indented, ending with a line break. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
