import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Exact percentile of recorded values (nearest rank); values in milliseconds. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function latencySummary(values: number[]): { p50: number; p95: number; p99: number; max: number; count: number } {
  const sorted = Float64Array.from(values).sort();
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
    count: sorted.length,
  };
}

/** Writes the report to bench/results/<name>-<timestamp>.json and returns the path. */
export function writeReport(name: string, report: unknown): string {
  const dir = path.resolve(__dirname, "../../bench/results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
