import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "@cert/testing";

/** The Dockerfile's text. */
export const dockerfile = readFileSync(join(repoRoot(), "Dockerfile"), "utf8");

/** Its instructions, continuation lines joined and comments dropped. */
export const instructions = dockerfile
  .replace(/\\\n/g, " ")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith("#"));

/** Index of each stage's `FROM`. */
export const stageStarts = instructions.flatMap((line, i) => (line.startsWith("FROM ") ? [i] : []));

/** The build stage's instructions (everything before the last `FROM`). */
export const buildStage = instructions.slice(0, stageStarts.at(-1));

/** The runtime stage's instructions, its `FROM` first. */
export const runtimeStage = instructions.slice(stageStarts.at(-1));
