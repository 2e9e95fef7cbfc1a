import { OUTCOME_EVENTS_CHANNEL } from "@cert/db";
import type { Logger } from "@cert/logger";
import pg from "pg";

export interface NotifyListener {
  stop(): Promise<void>;
}

export interface NotifyListenerOptions {
  readonly databaseUrl: string;
  /** Called for every notification, and once after each (re)connection. */
  readonly onNotify: () => void;
  readonly logger: Logger;
  /** Delay before reconnecting, in ms. Default 1000. */
  readonly retryMs?: number;
}

/**
 * Keeps one dedicated connection LISTENing on the db package's insert trigger channel and
 * calls `onNotify` for every notification, reconnecting after `retryMs` when the connection
 * drops. Notifications sent while disconnected are lost; the relay's poll covers that gap.
 */
export function startNotifyListener(options: NotifyListenerOptions): NotifyListener {
  const retryMs = options.retryMs ?? 1000;
  let stopped = false;
  let client: pg.Client | undefined;
  let retryTimer: NodeJS.Timeout | undefined;

  const scheduleReconnect = () => {
    if (stopped || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, retryMs);
  };

  const connect = async () => {
    const next = new pg.Client({ connectionString: options.databaseUrl });
    client = next;
    // Only the current connection may schedule a reconnect, so "error" then "end" (or a failed
    // connect followed by "end") cannot start two listeners.
    const lost = () => {
      if (client !== next) return;
      client = undefined;
      next.end().catch(() => {});
      scheduleReconnect();
    };
    next.on("notification", () => options.onNotify());
    next.on("error", (err) => {
      options.logger.warn(
        { err, code: "listen_connection_lost" },
        "outbox listener lost its connection",
      );
      lost();
    });
    next.on("end", lost);
    try {
      await next.connect();
      await next.query(`LISTEN ${OUTCOME_EVENTS_CHANNEL}`);
      // Rows committed while we were away produced no notification we could hear.
      if (!stopped) options.onNotify();
    } catch (err) {
      if (!stopped)
        options.logger.warn({ err, code: "listen_failed" }, "outbox listener could not connect");
      lost();
    }
  };

  void connect();
  return {
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}
