import type { Server } from "node:http";

/** How often idle keep-alive connections are closed while draining. */
const IDLE_SWEEP_MS = 50;

/**
 * Graceful stop: stops accepting connections, lets in-flight requests finish, closes each
 * keep-alive connection as soon as it is idle (clients reconnect to another instance), and
 * after `timeoutMs` destroys whatever is still open. Resolves true when everything drained in
 * time, false when connections had to be cut.
 */
export function closeHttpServer(server: Server, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let drained = true;
    // A keep-alive connection busy at close() becomes idle later; sweep until all are gone.
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const deadline = setTimeout(() => {
      drained = false;
      server.closeAllConnections();
    }, timeoutMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve(drained);
    });
    server.closeIdleConnections();
  });
}
