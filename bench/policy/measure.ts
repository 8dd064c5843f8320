// Timing helpers: warm up, then several runs of (a) batches timed as a whole, for throughput, and
// (b) single calls timed one by one, for latency percentiles. Figures are medians over the runs, so
// one noisy run (another process, a GC pause) does not move them.
import { hrtime } from "node:process";

export interface MeasureOptions {
  readonly warmupMs: number;
  readonly runs: number;
  /** Length of one throughput run. */
  readonly runMs: number;
  /** Decisions per timed batch in a throughput run. */
  readonly batch: number;
  /** Individually timed decisions per latency run. */
  readonly samples: number;
}

export interface Measurement {
  /** Median over runs of decisions per second (batch-timed). */
  readonly decisionsPerSecond: number;
  /** Per-run throughputs, for the spread. */
  readonly runs: readonly number[];
  /** Median over runs of the 50th and 99th percentile of single-call latency, nanoseconds (timer overhead included). */
  readonly p50Ns: number;
  readonly p99Ns: number;
  /** Keeps the work observable, so no engine can skip it. */
  readonly checksum: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function percentile(sorted: Float64Array, p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/** Median cost of one `hrtime.bigint()` pair: what every single-call latency sample includes. */
export function timerOverheadNs(): number {
  const samples = new Float64Array(100_000);
  for (let i = 0; i < samples.length; i++) {
    const t0 = hrtime.bigint();
    samples[i] = Number(hrtime.bigint() - t0);
  }
  samples.sort();
  return percentile(samples, 50);
}

/** `decide(i)` makes decision number i (callers cycle through their request mix) and returns a number for the checksum. */
export function measure(decide: (i: number) => number, options: MeasureOptions): Measurement {
  let checksum = 0;
  let i = 0;

  const warmupEnd = hrtime.bigint() + BigInt(options.warmupMs) * 1_000_000n;
  while (hrtime.bigint() < warmupEnd) {
    for (let b = 0; b < options.batch; b++) checksum += decide(i++);
  }

  const throughputs: number[] = [];
  const p50s: number[] = [];
  const p99s: number[] = [];
  const samples = new Float64Array(options.samples);
  for (let run = 0; run < options.runs; run++) {
    let decisions = 0;
    let elapsed = 0n;
    const runEnd = hrtime.bigint() + BigInt(options.runMs) * 1_000_000n;
    while (hrtime.bigint() < runEnd) {
      const t0 = hrtime.bigint();
      for (let b = 0; b < options.batch; b++) checksum += decide(i++);
      elapsed += hrtime.bigint() - t0;
      decisions += options.batch;
    }
    throughputs.push(decisions / (Number(elapsed) / 1e9));

    for (let s = 0; s < samples.length; s++) {
      const t0 = hrtime.bigint();
      checksum += decide(i++);
      samples[s] = Number(hrtime.bigint() - t0);
    }
    samples.sort();
    p50s.push(percentile(samples, 50));
    p99s.push(percentile(samples, 99));
  }
  return {
    decisionsPerSecond: median(throughputs),
    runs: throughputs,
    p50Ns: median(p50s),
    p99Ns: median(p99s),
    checksum,
  };
}
