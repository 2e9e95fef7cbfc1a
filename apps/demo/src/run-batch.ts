import { setMaxListeners } from "node:events";
import type { AppProcess } from "./app-process";
import { planBatch } from "./batch-plan";
import { AppExitedError } from "./errors";
import { type AgeSettings, expectedOutcomeOf } from "./expected-outcome";
import { sendBatch } from "./intake-client";
import { followOutcomeStream } from "./outcome-stream";
import { OutcomeTally, type TallyReport } from "./outcome-tally";
import { createProgressDisplay } from "./progress-display";
import type { DemoProvider, Verification } from "./verification";

export interface RunBatchOptions {
  readonly count: number;
  /** The providers the batch goes through, taking turns. */
  readonly providers: readonly DemoProvider[];
  readonly runStamp: string;
  readonly apiOrigin: string;
  readonly redisUrl: string;
  readonly outcomeStream: string;
  readonly settings: AgeSettings;
  /** Watched while the batch runs: one exiting ends the run with its output. */
  readonly apps: readonly AppProcess[];
  /** Ends the wait early (Ctrl-C). */
  readonly signal: AbortSignal;
  /**
   * How long the run may go without a new outcome before it is declared stuck. Default 180 s:
   * longer than the worker's backoff between retries of a flaky provider.
   */
  readonly stallTimeoutMs?: number;
}

export interface BatchResult {
  readonly report: TallyReport;
  readonly total: number;
  readonly duplicatePosts: number;
  /** Verifications without an event when the run ended (empty on success). */
  readonly pending: readonly Verification[];
  /** True when the run ended because no outcome arrived for the stall timeout. */
  readonly stalled: boolean;
}

/** How long a run may go without a new outcome before it is declared stuck (see stallTimeoutMs). */
export const DEFAULT_STALL_TIMEOUT_MS = 180_000;
const POLL_MS = 100;
/** POSTs in flight at once. */
const SEND_CONCURRENCY = 64;

function watchApps(apps: readonly AppProcess[]): Promise<never> {
  return Promise.race(
    apps.map((app) =>
      app.exited.then((code) => {
        throw new AppExitedError(app.name, code, app.recentLines());
      }),
    ),
  );
}

/**
 * Sends one batch through the HTTP API while following the outcome stream, with live progress,
 * and resolves once every verification has its event, the run stalls, or `signal` aborts.
 */
export async function runBatch(options: RunBatchOptions): Promise<BatchResult> {
  const plan = planBatch(options.count, options.runStamp, options.providers);
  const now = new Date();
  const tally = new OutcomeTally(
    plan.verifications.map((v) => ({
      ...v,
      expected: expectedOutcomeOf(v, options.settings, now),
    })),
  );
  const reader = await followOutcomeStream(options.redisUrl, options.outcomeStream, (event) =>
    tally.record(event),
  );
  const progress = createProgressDisplay({
    total: plan.verifications.length,
    posts: plan.posts.length,
  });
  let accepted = 0;
  const ticker = setInterval(() => progress.update(accepted, tally.completed), POLL_MS);
  const sending = new AbortController();
  // Every request in flight listens on this one signal.
  setMaxListeners(SEND_CONCURRENCY * 2 + 10, sending.signal);
  const stopSending = () => sending.abort();
  options.signal.addEventListener("abort", stopSending, { once: true });
  const crashed = watchApps(options.apps);
  crashed.catch(() => {});
  let stalled = false;

  try {
    const sent = sendBatch(plan.posts, {
      origin: options.apiOrigin,
      concurrency: SEND_CONCURRENCY,
      signal: sending.signal,
      onSent: (v) => tally.markSent(v.provider, v.id),
      onAccepted: () => {
        accepted += 1;
      },
    });
    // When an app crash wins the race, the abort in `finally` ends the sending with an error.
    sent.catch(() => {});
    await Promise.race([sent, crashed]);
    stalled = await Promise.race([waitForCompletion(tally, options), crashed]);
  } catch (error) {
    if (!options.signal.aborted) throw error;
  } finally {
    sending.abort();
    options.signal.removeEventListener("abort", stopSending);
    clearInterval(ticker);
    progress.update(accepted, tally.completed);
    progress.stop();
    await reader.stop();
  }
  return {
    report: tally.report(),
    total: tally.total,
    duplicatePosts: plan.duplicatePosts,
    pending: tally.pending(),
    stalled,
  };
}

/** Resolves true when no new outcome arrived for the stall timeout, false when done or aborted. */
async function waitForCompletion(tally: OutcomeTally, options: RunBatchOptions): Promise<boolean> {
  const stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
  let lastCompleted = tally.completed;
  let lastChange = performance.now();
  while (!tally.done && !options.signal.aborted) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    if (tally.completed !== lastCompleted) {
      lastCompleted = tally.completed;
      lastChange = performance.now();
    } else if (performance.now() - lastChange > stallTimeoutMs) {
      return true;
    }
  }
  return false;
}
