import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createSandboxApp } from "./create-sandbox-app";
import type { SandboxFaults } from "./faults";
import type { SandboxEntry } from "./registry";
import { createProviderHandler } from "./routes/provider";
import { type SandboxOptions, SandboxState } from "./sandbox-state";
import type { SandboxStats } from "./stats";

export interface StartSandboxOptions extends SandboxOptions {
  /** Listen port; 0 picks a free one. Default 0. */
  readonly port?: number;
  /** Listen address. Default `127.0.0.1`. */
  readonly host?: string;
}

/** A running sandbox with in-process shortcuts that mirror the control API. */
export interface RunningSandbox {
  /** Base URL to use as `IAMPORT_API_URL`, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly port: number;
  readonly state: SandboxState;
  close(): Promise<void>;
  stats(): SandboxStats;
  /** Replaces the per-run faults (absent fields take defaults). */
  setFaults(faults: Partial<SandboxFaults>): SandboxFaults;
  register(impUid: string, entry: SandboxEntry): void;
  /** Faults the next `times` fetches of `impUid` (grammar of `X-Sandbox-Fault`). */
  addFaultRule(impUid: string, fault: string, times?: number): void;
  revokeTokens(): void;
  reset(): void;
}

/** Idle keep-alive sockets stay open longer than clients keep theirs, so clients close first. */
const KEEP_ALIVE_TIMEOUT_MS = 30_000;

/** Starts the sandbox on an HTTP server; `close()` also ends keep-alive connections. */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const state = new SandboxState(options);
  const app = createSandboxApp({ state });
  // Provider endpoints skip express entirely (see createProviderHandler); the rest is routed by it.
  const provider = createProviderHandler(state);
  const server = createServer((req, res) => {
    if (!provider(req, res)) app(req, res);
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  server.listen(options.port ?? 0, options.host ?? "127.0.0.1");
  await once(server, "listening");
  const { port, address, family } = server.address() as AddressInfo;
  const host = family === "IPv6" ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    port,
    state,
    async close() {
      const closed = new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      server.closeAllConnections();
      await closed;
    },
    stats: () => state.stats(),
    setFaults: (faults) => state.setFaults(faults),
    register: (impUid, entry) => state.register(impUid, entry),
    addFaultRule: (impUid, fault, times) => state.addFaultRule(impUid, fault, times),
    revokeTokens: () => state.revokeTokens(),
    reset: () => state.reset(),
  };
}
