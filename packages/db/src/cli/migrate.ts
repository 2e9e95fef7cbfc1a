/**
 * `npm run db:migrate`: applies migrations/ to DATABASE_URL, then exits. Safe to run from
 * several processes at once (see ../migrate.ts). Exit status: 0 applied or nothing to do,
 * 1 bad configuration or a failed migration.
 */
import { loadMigrateConfig, loadOrExit } from "@cert/config";
import { migrate } from "../migrate";

const config = loadOrExit(loadMigrateConfig);

// One line per outcome on stdout/stderr; a full logger is not worth a dependency here.
const logger = {
  info: (fields: object, msg?: string) => console.log(`${msg ?? ""} ${JSON.stringify(fields)}`),
  warn: (fields: object, msg?: string) => console.warn(`${msg ?? ""} ${JSON.stringify(fields)}`),
};

try {
  await migrate(config.databaseUrl, { logger });
} catch (error) {
  // DbError messages carry no credentials or personal data; the URL is never printed.
  const { code, message } = error as { code?: string; message?: string };
  console.error(`db:migrate failed: ${message ?? String(error)}${code ? ` (${code})` : ""}`);
  process.exitCode = 1;
}
