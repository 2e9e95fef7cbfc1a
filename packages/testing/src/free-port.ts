import { createServer } from "node:net";

/** Asks the kernel for a free TCP port on 127.0.0.1 (released before returning). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A port held for a server that starts later; see {@link holdPort}. */
export interface HeldPort {
  readonly port: number;
  /** Frees the port, for the real server to listen on at once. */
  release(): Promise<void>;
}

/**
 * Holds a free TCP port on 127.0.0.1, closing every connection at once: to its clients, a
 * server that is down, until `release()`. Unlike a port from {@link freePort} left unused, no
 * other test's server can take it meanwhile.
 */
export function holdPort(): Promise<HeldPort> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({
        port,
        release: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Connections are destroyed as they arrive; none keeps close() waiting.
          }),
      });
    });
  });
}
