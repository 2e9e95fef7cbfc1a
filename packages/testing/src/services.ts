import { randomBytes } from "node:crypto";
import { inject } from "vitest";

export interface TestServices {
  /** Server-level Postgres URL; use createTestDatabase() for a database of your own. */
  databaseUrl: string;
  redisUrl: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    services: TestServices;
  }
}

/** The real servers resolved by the global setup (see resolve-services.ts). */
export function getTestServices(): TestServices {
  const services = inject("services");
  if (!services) throw new Error("@cert/testing global setup did not run (see vitest.config.ts)");
  return services;
}

/**
 * A fresh name stem for a BullMQ prefix, Redis keys or a stream, so test files running in
 * parallel against one Redis never see each other's data.
 */
export function uniquePrefix(label = "t"): string {
  return `${label}-${process.pid}-${randomBytes(4).toString("hex")}`;
}
