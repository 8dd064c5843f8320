// Bounded concurrency for the organisation builder: the local cloud serialises its transactions, so
// more calls in flight only queue (and, on a shared two-core machine, slow everyone else down).

/** Runs `work` over `items` with at most `limit` in flight; results keep the items' order. */
export async function inPool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** `total` split into batches of at most `size` (RunInstances' Amount is 1–100). */
export function batches(total: number, size: number): number[] {
  const out: number[] = [];
  for (let left = total; left > 0; left -= size) out.push(Math.min(size, left));
  return out;
}
