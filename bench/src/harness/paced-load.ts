import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { Pool } from "undici";

export interface PacedLoadOptions {
  /** Base URL of the server. */
  url: string;
  /** Requests per second, held whatever the server's latency (open loop). */
  ratePerSecond: number;
  durationSeconds: number;
  /**
   * Seconds of the same load sent first, on the same connections, whose requests are not
   * measured: a run starting after the target sat idle opens new connections and wakes idle
   * processes, a transient that is not "at this rate". Default 0.
   */
  settleSeconds?: number;
  /** The imp_uid of each request, in order. */
  nextImpUid: () => string;
  /** Called as each request is handed to the socket, with `performance.now()`. */
  onSent?: (impUid: string, sentAt: number) => void;
  /** Most sockets open at once; requests beyond wait for one (and that wait counts). Default 512. */
  maxConnections?: number;
}

export interface PacedLoadResult {
  /** Per request sent after the settle period, from send to the full answer read, ms. */
  latenciesMs: number[];
  ok: number;
  failed: number;
  /** 2xx answers to requests of the settle period (their jobs still run). */
  settleOk: number;
  /** Requests actually sent per second (lower than asked when the driver itself lagged). */
  achievedRate: number;
}

/**
 * Sends `POST /certifications` at a fixed rate, not waiting for answers before sending the
 * next one (an open loop, so a slow server cannot slow the offered load and hide its latency,
 * the coordinated-omission trap of closed-loop tools). Requests due while the timer slept are
 * sent at once on waking.
 */
export async function runPacedLoad(options: PacedLoadOptions): Promise<PacedLoadResult> {
  const pool = new Pool(options.url, { connections: options.maxConnections ?? 512, pipelining: 1 });
  const settleSeconds = options.settleSeconds ?? 0;
  const settleMs = settleSeconds * 1000;
  const total = Math.round(options.ratePerSecond * (settleSeconds + options.durationSeconds));
  const intervalMs = 1000 / options.ratePerSecond;
  const latenciesMs: number[] = [];
  const inFlight: Promise<void>[] = [];
  let ok = 0;
  let failed = 0;
  let settleOk = 0;

  const send = (impUid: string) => {
    const sentAt = performance.now();
    const measured = sentAt - start >= settleMs;
    if (measured) options.onSent?.(impUid, sentAt);
    return pool
      .request({
        path: "/certifications",
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ imp_uid: impUid }),
      })
      .then(async (res) => {
        await res.body.dump();
        const accepted = res.statusCode >= 200 && res.statusCode < 300;
        if (!measured) {
          if (accepted) settleOk += 1;
          return;
        }
        latenciesMs.push(performance.now() - sentAt);
        if (accepted) ok += 1;
        else failed += 1;
      })
      .catch(() => {
        if (measured) failed += 1;
      });
  };

  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
    while (sent < due) {
      inFlight.push(send(options.nextImpUid()));
      sent += 1;
    }
    const nextAt = start + sent * intervalMs;
    await sleep(Math.max(0, nextAt - performance.now()));
  }
  const sendingMs = performance.now() - start;
  await Promise.all(inFlight);
  await pool.close();
  return {
    latenciesMs,
    ok,
    failed,
    settleOk,
    achievedRate: (total / Math.max(sendingMs, intervalMs)) * 1000,
  };
}
