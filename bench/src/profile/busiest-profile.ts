import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ProfileSummary, summarizeCpuProfile } from "./summarize-cpu-profile";

/**
 * Summarizes the busiest `.cpuprofile` in `dir` (Node writes one per thread, and loader hooks
 * such as tsx run on a thread of their own) and saves the summary next to it as summary.json.
 * Undefined when the process wrote none (it was killed instead of exiting).
 */
export function summarizeBusiestProfile(
  dir: string,
  jobs: number,
): { file: string; summary: ProfileSummary } | undefined {
  if (!existsSync(dir)) return undefined;
  const busiest = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => ({ file: join(dir, f), summary: summarizeCpuProfile(join(dir, f), jobs) }))
    .sort((a, b) => b.summary.busyMs - a.summary.busyMs)[0];
  if (busiest)
    writeFileSync(join(dir, "summary.json"), `${JSON.stringify(busiest.summary, null, 2)}\n`);
  return busiest;
}
