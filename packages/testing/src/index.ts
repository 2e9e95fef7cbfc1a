// Test-side helpers. The global setup (./global-setup) is loaded by vitest itself.
export { freePort } from "./free-port";
export { type LocalPostgres, startEmbeddedPostgres } from "./local-postgres";
export {
  hasRedisServerBinary,
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
export { getTestServices, type TestServices, uniquePrefix } from "./services";
export { type AppName, type SpawnedApp, spawnApp } from "./spawn-app";
export { createTestDatabase, type TestDatabase, useTestDatabase } from "./test-database";
export { waitUntil } from "./wait-until";
