import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Figure } from "../figures";
import type { BenchSettings } from "../settings";
import type { MachineInfo } from "./machine";

/** Everything `bench/results/latest.json` holds. */
export interface BenchResults {
  startedAt: string;
  durationSeconds: number;
  machine: MachineInfo;
  /** Where Postgres and Redis came from. */
  services: { postgres: string; redis: string };
  /** `dist` (production builds) or `source (tsx)`. */
  appsFrom: string;
  settings: BenchSettings;
  figures: Figure[];
  /** Scenarios that could not run, with why. */
  errors: Array<{ scenario: string; message: string }>;
}

/** Writes `latest.json` into `dir` and returns its path. */
export function writeResults(dir: string, results: BenchResults): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "latest.json");
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
