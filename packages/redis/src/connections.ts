import type { Redis } from "ioredis";
import { RedisUnavailableError } from "./errors";
import { connect, type RedisConnection, type RedisTarget } from "./topology";

export interface FailFastConnectionOptions {
  /** Give up one connection attempt after this long, in ms. Default 2000. */
  connectTimeoutMs?: number;
  /** Fail a command Redis does not answer within this long, in ms. Default 5000. */
  commandTimeoutMs?: number;
  /** Longest wait between reconnection attempts, in ms. Default 2000. */
  maxReconnectDelayMs?: number;
}

/**
 * A Redis connection (to `target`: a `redis://` URL or a topology from `@cert/config`) that fails fast, for producers and request paths (the intake API, token
 * caches, relays). A Redis outage must surface as an error the caller can answer 503 to, never
 * as a request hanging until the client gives up:
 * - `enableOfflineQueue: false`: commands fail at once while disconnected instead of queueing;
 * - `maxRetriesPerRequest: 1`: a command cut by a disconnect is retried once, then fails;
 * - short connect and command timeouts (see {@link FailFastConnectionOptions});
 * - it keeps reconnecting in the background, so service resumes when Redis is back.
 *
 * `createCertificationQueue` of `@cert/queue` takes it and does not wait for it to be ready.
 * The caller owns the connection: `quit()` it after closing the queue.
 */
export function createFailFastConnection<T extends RedisTarget>(
  target: T,
  options: FailFastConnectionOptions = {},
): ConnectionFor<T> {
  const { connectTimeoutMs = 2000, commandTimeoutMs = 5000, maxReconnectDelayMs = 2000 } = options;
  return connect(target, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: connectTimeoutMs,
    commandTimeout: commandTimeoutMs,
    maxReconnectDelayMs,
  }) as ConnectionFor<T>;
}

/** A URL gives a plain `Redis`; a topology gives a `Redis` or a `Cluster`. */
export type ConnectionFor<T extends RedisTarget> = T extends string ? Redis : RedisConnection;

export interface BlockingConnectionOptions {
  /** Longest wait between reconnection attempts, in ms. Default 10000. */
  maxReconnectDelayMs?: number;
}

/**
 * A Redis connection (to `target`, as above) that waits out outages, for BullMQ workers (and other long-running
 * consumers) whose commands may block. BullMQ requires
 * `maxRetriesPerRequest: null` so blocking commands wait out a disconnect; commands queue while
 * offline and the connection reconnects forever with a capped backoff, so a worker rides out a
 * Redis restart without exiting. The caller owns the connection.
 */
export function createBlockingConnection<T extends RedisTarget>(
  target: T,
  options: BlockingConnectionOptions = {},
): ConnectionFor<T> {
  const { maxReconnectDelayMs = 10_000 } = options;
  return connect(target, {
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    maxReconnectDelayMs,
  }) as ConnectionFor<T>;
}

/**
 * Resolves once `connection` is ready for commands, e.g. before an API starts taking traffic
 * on a fail-fast producer connection (which rejects commands until then).
 *
 * @param timeoutMs How long to wait, in ms. Default 10000.
 * @throws RedisUnavailableError after `timeoutMs`, or when the connection is closed meanwhile.
 */
export function waitUntilReady(connection: RedisConnection, timeoutMs = 10_000): Promise<void> {
  if (connection.status === "ready") return Promise.resolve();
  if (connection.status === "end") return Promise.reject(new RedisUnavailableError());
  return new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      clearTimeout(timer);
      connection.off("ready", onReady);
      connection.off("end", onEnd);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => finish();
    const onEnd = () => finish(new RedisUnavailableError());
    const timer = setTimeout(onEnd, timeoutMs);
    connection.on("ready", onReady);
    connection.on("end", onEnd);
  });
}

/** Closes `connection` politely; with Redis down QUIT fails at once, so the socket is dropped. */
export async function quitOrDisconnect(connection: RedisConnection): Promise<void> {
  try {
    await connection.quit();
  } catch {
    connection.disconnect();
  }
}
