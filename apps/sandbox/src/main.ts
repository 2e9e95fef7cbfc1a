/**
 * `npm run sandbox`: the i'mport (PortOne V1) sandbox as its own process. Configured only by
 * environment, through @cert/config's `loadSandboxConfig`: `SANDBOX_PORT` (default 4010),
 * `SANDBOX_HOST`, `SANDBOX_API_KEY`, `SANDBOX_API_SECRET`, `SANDBOX_SEED`, the fault variables
 * (`SANDBOX_LATENCY_MS`, ...), `LOG_LEVEL`, `LOG_PRETTY` and `SHUTDOWN_TIMEOUT_MS`, each
 * documented in @cert/config's `variables.ts`.
 */
import { loadOrExit, loadSandboxConfig } from "@cert/config";
import { SandboxInputError, startSandbox } from "@cert/iamport-sandbox";
import { onShutdownSignal } from "@cert/lifecycle";
import { createLogger } from "@cert/logger";

const config = loadOrExit(loadSandboxConfig);
const logger = createLogger({ name: "sandbox", level: config.logLevel, pretty: config.logPretty });

/** The sandbox, or exit 1 with one line when a SANDBOX_* fault is out of its range. */
async function startOrExit() {
  try {
    return await startSandbox({ ...config.sandbox, port: config.sandboxPort });
  } catch (error) {
    if (!(error instanceof SandboxInputError)) throw error;
    process.stderr.write(`Invalid SANDBOX_* fault setting: ${error.message}\n`);
    process.exit(1);
  }
}

const sandbox = await startOrExit();
// Only the address and fault settings: the sandbox never logs records or tokens.
logger.info({ url: sandbox.url, faults: sandbox.state.faults }, "i'mport sandbox listening");

onShutdownSignal({
  logger,
  hardDeadlineMs: config.shutdownTimeoutMs,
  steps: [{ name: "sandbox", run: () => sandbox.close() }],
});
