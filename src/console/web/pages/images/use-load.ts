import { useCallback, useEffect, useRef, useState } from "preact/hooks";

// One listing call's state for a page: the data, the error that replaced it, and whether a call is
// running. A newer load wins: the answer of a call overtaken by a newer one (the user changed a
// filter meanwhile) is dropped, so a slow old answer never overwrites a new one.

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  /** Loads again with the same inputs (after an action changed what is listed). */
  reload(): void;
}

export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const call = ++latest.current;
    setLoading(true);
    load().then(
      (value) => {
        if (call !== latest.current) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (err: unknown) => {
        if (call !== latest.current) return;
        setData(undefined);
        setError(err);
        setLoading(false);
      },
    );
    // `load` is a new closure every render; `deps` say when its inputs changed.
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}
