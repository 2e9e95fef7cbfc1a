/**
 * What the pii commands share: their configuration (Postgres and the keys; a missing or
 * malformed key stops them with one line naming the variable), the pool and the cipher, and
 * one-line error reporting that never prints a key, a value or the database URL.
 */
import { loadOrExit, loadPiiCommandConfig } from "@cert/config";
import { PiiCipher } from "@cert/pii";
import type pg from "pg";
import { createPool } from "../pool";

export async function runPiiCommand(
  name: string,
  work: (pool: pg.Pool, cipher: PiiCipher) => Promise<void>,
): Promise<void> {
  const config = loadOrExit(loadPiiCommandConfig);
  const cipher = PiiCipher.fromEnv(config.pii);
  const pool = createPool(config.databaseUrl, { applicationName: `cert-${name}`, max: 2 });
  try {
    await work(pool, cipher);
  } catch (error) {
    // DbError and PiiDecryptError messages carry no personal data or key material.
    const { code, message } = error as { code?: string; message?: string };
    console.error(`${name} failed: ${message ?? String(error)}${code ? ` (${code})` : ""}`);
    process.exitCode = 1;
  } finally {
    await pool.end();
  }
}
