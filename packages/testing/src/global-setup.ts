import type { TestProject } from "vitest/node";
import { resolveServices } from "./resolve-services";

/** Vitest globalSetup: one set of real servers for the whole run, torn down at the end. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const services = await resolveServices();
  console.log(
    `[testing] postgres from ${services.sources.postgres}, redis from ${services.sources.redis}`,
  );
  project.provide("services", { databaseUrl: services.databaseUrl, redisUrl: services.redisUrl });
  return () => services.stop();
}
