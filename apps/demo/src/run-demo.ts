import { loadDemoConfig } from "@cert/config";
import type { AppProcess } from "./app-process";
import { runStampNow } from "./batch-plan";
import { CleanupStack } from "./cleanup-stack";
import { type DemoArgs, providersOf } from "./cli-args";
import { AppExitedError } from "./errors";
import { describePending } from "./pending-status";
import { DEFAULT_STALL_TIMEOUT_MS, runBatch } from "./run-batch";
import { startSystem } from "./start-system";
import { allExpected, renderSummary } from "./summary-table";
import { INTAKE_ROUTE } from "./verification";

export interface RunDemoOptions {
  readonly args: DemoArgs;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Repository root. */
  readonly root: string;
  /** Run api and worker from source through tsx instead of `dist/` (env `DEMO_FROM_SOURCE=1`). */
  readonly fromSource: boolean;
  /** Aborted on Ctrl-C: the run stops and everything is shut down. */
  readonly signal: AbortSignal;
  /** Where the demo writes for the person watching. Default stdout. */
  readonly write?: (text: string) => void;
}

/** Exit status of an interrupted run (128 + SIGINT). */
export const INTERRUPTED = 130;

function untilAbortedOrCrash(signal: AbortSignal, apps: readonly AppProcess[]): Promise<void> {
  const aborted = new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
  const crash = apps.map((app) =>
    app.exited.then((code) => {
      if (!signal.aborted) throw new AppExitedError(app.name, code, app.recentLines());
    }),
  );
  return Promise.race([aborted, ...crash]);
}

/**
 * The whole demo: start the system, send the batch, print the summary; then exit (`--once`) or
 * keep the system up for the dashboard until Ctrl-C. Resolves with the process exit status:
 * 0 when every verification reached its expected outcome exactly once. Whatever was started is
 * stopped before it resolves or rejects.
 */
export async function runDemo(options: RunDemoOptions): Promise<number> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const say = (line: string) => write(`${line}\n`);
  const config = loadDemoConfig(options.env);
  const cleanup = new CleanupStack();
  const runStamp = runStampNow();
  try {
    const system = await startSystem(
      {
        env: options.env,
        config,
        root: options.root,
        fromSource: options.fromSource,
        runStamp,
        say,
      },
      cleanup,
    );
    if (options.signal.aborted) return INTERRUPTED;
    const providers = providersOf(options.args.provider);
    const routes = providers.map((p) => `POST ${INTAKE_ROUTE[p].path}`).join(" and ");
    say(`sending ${options.args.count} verifications through ${routes}`);
    const batch = await runBatch({
      count: options.args.count,
      providers,
      runStamp,
      apiOrigin: system.apiOrigin,
      redisUrl: system.redisUrl,
      outcomeStream: system.outcomeStream,
      settings: { ageMin: config.ageMin, ageRule: config.ageRule },
      apps: system.apps,
      signal: options.signal,
    });
    if (options.signal.aborted) return INTERRUPTED;
    write(
      renderSummary({
        report: batch.report,
        total: batch.total,
        duplicatePosts: batch.duplicatePosts,
        provider: await system.provider.calls(),
        dashboardUrl: system.dashboardUrl,
        adminToken: system.adminToken,
      }),
    );
    if (batch.stalled) {
      say(`stopped waiting: no new outcome for ${DEFAULT_STALL_TIMEOUT_MS / 1000} s`);
    }
    if (batch.pending.length > 0) {
      for (const line of await describePending(system.apiOrigin, batch.pending)) say(line);
    }
    const status = allExpected(batch.report, batch.total) ? 0 : 1;
    if (options.args.once) return status;
    say("API, worker and sandbox keep running for the dashboard; press Ctrl-C to stop.");
    await untilAbortedOrCrash(options.signal, system.apps);
    return status;
  } finally {
    say("shutting down...");
    const failed = await cleanup.runAll();
    if (failed.length > 0) say(`could not stop cleanly: ${failed.join(", ")}`);
  }
}
