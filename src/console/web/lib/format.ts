// Small display helpers shared by pages.

/** `2024-05-01T10:00:00Z` → local `2024-05-01 12:00:00`; unparseable text is shown as it is. */
export function formatTime(iso: string | undefined): string {
  if (iso === undefined || iso === "") return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Whole days between `iso` and now; undefined when unparseable. */
export function ageInDays(iso: string | undefined, now: Date = new Date()): number | undefined {
  if (iso === undefined) return undefined;
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return undefined;
  return Math.max(0, Math.floor((now.getTime() - time) / 86_400_000));
}

/** Alibaba's list shape `{Images: {Image: [...]}}` → the array (absent → []). */
export function listOf<T>(container: unknown, member: string): T[] {
  if (container === undefined || container === null || typeof container !== "object") return [];
  const inner = (container as Record<string, unknown>)[member];
  return Array.isArray(inner) ? (inner as T[]) : [];
}
