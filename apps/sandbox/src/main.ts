/**
 * `npm run sandbox`: the i'mport (PortOne V1) sandbox as its own process. Configured only by
 * environment: `SANDBOX_PORT` (default 4010), `LOG_LEVEL`, `LOG_PRETTY`, `SHUTDOWN_TIMEOUT_MS`
 * through @cert/config, and `SANDBOX_HOST`, `SANDBOX_API_KEY`, `SANDBOX_API_SECRET`,
 * `SANDBOX_SEED` and the fault variables (`SANDBOX_LATENCY_MS`, ...) documented in
 * @cert/iamport-sandbox's `sandbox-env.ts`.
 */
import { loadOrExit, loadSandboxConfig } from "@cert/config";
import { SandboxInputError, sandboxOptionsFromEnv, startSandbox } from "@cert/iamport-sandbox";
import { createLogger } from "@cert/logger";

const config = loadOrExit(loadSandboxConfig);
const logger = createLogger({ name: "sandbox", level: config.logLevel, pretty: config.logPretty });

function optionsOrExit() {
  try {
    return sandboxOptionsFromEnv(process.env);
  } catch (error) {
    if (!(error instanceof SandboxInputError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

const sandbox = await startSandbox({ ...optionsOrExit(), port: config.sandboxPort });
// Only the address and fault settings: the sandbox never logs records or tokens.
logger.info({ url: sandbox.url, faults: sandbox.state.faults }, "i'mport sandbox listening");

async function shutdown(signal: string): Promise<void> {
  logger.info({ signal }, "shutting down");
  const timer = setTimeout(() => process.exit(1), config.shutdownTimeoutMs);
  timer.unref();
  await sandbox.close();
  process.exit(0);
}
process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));
