// Test-side helpers. The global setup (./global-setup) is loaded by vitest itself.
export { freePort, type HeldPort, holdPort } from "./free-port";
export { type LocalPostgres, startEmbeddedPostgres } from "./local-postgres";
export {
  type LocalRedis,
  redisAnswers,
  startLocalRedis,
} from "./local-redis";
export {
  type OtlpReceiver,
  type ReceivedSpan,
  startOtlpReceiver,
} from "./otlp-receiver";
export { decryptPersonalColumns, TEST_PII_KEYS, testPiiCipher } from "./pii-keys";
export { repoRoot } from "./repo-root";
export { startTestSandbox } from "./sandbox";
export { type ServerProcess, whereServerRuns } from "./servers/server-process";
export { getTestServices, type TestServices, uniquePrefix } from "./services";
export { type AppName, type SpawnedApp, spawnApp } from "./spawn-app";
export { launchTestBrowser, type TestBrowser } from "./test-browser";
export { createTestDatabase, type TestDatabase, useTestDatabase } from "./test-database";
export { waitUntil } from "./wait-until";
