import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DbError } from "./errors";

const JOURNAL = join("meta", "_journal.json");

function moduleDir(): string | undefined {
  // Absent only if this file were bundled to CommonJS; apps bundle ESM.
  const url = typeof import.meta.url === "string" ? import.meta.url : undefined;
  return url?.startsWith("file:") ? dirname(fileURLToPath(url)) : undefined;
}

function walkUp(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, "migrations");
    if (existsSync(join(candidate, JOURNAL))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Finds the repository's `migrations/` folder (the one holding `meta/_journal.json`) by walking
 * up from this module's own location first, then from the working directory. The module path
 * works both from source (packages/db/src, via tsx or vitest) and bundled into
 * apps/<app>/dist/main.js, whatever the working directory; the working directory covers a
 * bundle copied away from the repository next to a `migrations/` folder.
 *
 * @throws DbError `migrations_not_found` when neither walk finds one.
 */
export function findMigrationsFolder(starts: readonly string[] = defaultStarts()): string {
  for (const start of starts) {
    const found = walkUp(start);
    if (found) return found;
  }
  throw new DbError(
    "migrations_not_found",
    `no migrations/meta/_journal.json above ${starts.join(" or ")}; pass migrationsFolder`,
    false,
  );
}

function defaultStarts(): string[] {
  const own = moduleDir();
  return own ? [own, process.cwd()] : [process.cwd()];
}
