import { startSandbox } from "@cert/iamport-sandbox";

/** Starts the i'mport sandbox in-process on a free port (real HTTP). Close it in afterAll. */
export function startTestSandbox(options: Parameters<typeof startSandbox>[0] = {}) {
  return startSandbox({ port: 0, ...options });
}
