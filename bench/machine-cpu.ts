import { readFileSync } from "node:fs";

// What the machine's CPUs did over a stretch of time (Linux only): on a shared virtual machine
// the time the host gave to others (steal) moves every latency, and is printed beside it.

export interface CpuShares {
  /** Per cent of all CPU time: not running anything here, and taken by the host. */
  idle: number;
  steal: number;
}

/** user, nice, system, idle, iowait, irq, softirq, steal (in ticks), from /proc/stat's first line. */
function readCpuTicks(): number[] | null {
  try {
    return readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1, 9).map(Number);
  } catch {
    return null;
  }
}

/** Starts measuring; the returned function gives the shares since then (NaN off Linux). */
export function measureCpuShares(): () => CpuShares {
  const before = readCpuTicks();
  return () => {
    const after = readCpuTicks();
    if (!before || !after) return { idle: NaN, steal: NaN };
    const delta = after.map((ticks, i) => ticks - before[i]);
    const total = delta.reduce((sum, ticks) => sum + ticks, 0);
    return { idle: (100 * delta[3]) / total, steal: (100 * delta[7]) / total };
  };
}
