// `--profile <dir>`: a V8 CPU profile of this process (the servers) over the measured phases only
// (not seeding, not set-up), one `.cpuprofile` per phase, to open in Chrome DevTools or VS Code.
// `node --cpu-prof` would also work but profiles the whole run, seeding included.
import { mkdir, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { join } from "node:path";

export interface PhaseProfiler {
  /** Profiles `fn` when a directory was given; writes `<dir>/<name>.cpuprofile`. */
  around<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** The files written so far. */
  readonly written: readonly string[];
}

export function phaseProfiler(dir: string | undefined): PhaseProfiler {
  const written: string[] = [];
  if (dir === undefined) return { around: (_name, fn) => fn(), written };
  return {
    written,
    async around(name, fn) {
      const session = new Session();
      session.connect();
      await session.post("Profiler.enable");
      // 100 µs between samples (V8's default is 1 ms): a RunInstances call lasts a few ms.
      await session.post("Profiler.setSamplingInterval", { interval: 100 });
      await session.post("Profiler.start");
      try {
        return await fn();
      } finally {
        const { profile } = await session.post("Profiler.stop");
        session.disconnect();
        await mkdir(dir, { recursive: true });
        const file = join(dir, `${name}.cpuprofile`);
        await writeFile(file, JSON.stringify(profile));
        written.push(file);
      }
    },
  };
}
