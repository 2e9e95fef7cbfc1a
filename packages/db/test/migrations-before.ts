import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findMigrationsFolder } from "../src";

/**
 * A copy of the migrations folder whose journal stops before the migration `tag`, so a test can
 * build a database as an earlier release left it, fill it, then apply the rest.
 */
export function migrationsBefore(tag: string): string {
  const folder = join(mkdtempSync(join(tmpdir(), "cert-migrations-")), "migrations");
  cpSync(findMigrationsFolder(), folder, { recursive: true });
  const journalPath = join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((e) => e.tag === tag);
  if (cut < 1) throw new Error(`no migration ${tag} after the first`);
  journal.entries = journal.entries.slice(0, cut);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}
