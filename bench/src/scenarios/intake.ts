import type { Scenario } from "../context";
import { figureFrom, type RunMeasurement } from "../figures";
import { postFreshImpUids } from "../harness/autocannon-run";

/**
 * Intake throughput and overhead: `POST /certifications` req/s under autocannon (closed loop,
 * 50 connections, a fresh imp_uid per request) against the API, a bare express app that only
 * does the same `queue.add`, and a bare express hello-world, one after the other in each run.
 * No worker runs: the figure is the intake alone, and the baselines have none either.
 */
export const intakeScenario: Scenario = {
  id: "intake",
  title: "intake throughput and overhead",
  async run(ctx) {
    const { connections, durationSeconds, warmupSeconds } = ctx.settings.intake;
    const d = await ctx.deployment("intake");
    const bareDeployment = await ctx.deployment("intake-bare", { withDatabase: false });
    const [api, bare, hello] = await Promise.all([
      ctx.launcher.startApi(d),
      ctx.launcher.startHttpBaseline("bare-queue-app", bareDeployment),
      ctx.launcher.startHttpBaseline("hello-app", bareDeployment),
    ]);
    const targets = { hello, bare, api };
    const load = (url: string, seconds: number) => postFreshImpUids(url, connections, seconds);
    try {
      for (const target of Object.values(targets)) await load(target.url, warmupSeconds);
      const throughput: RunMeasurement[] = [];
      const overhead: RunMeasurement[] = [];
      for (let run = 1; run <= ctx.settings.runs; run++) {
        const h = await load(hello.url, durationSeconds);
        const b = await load(bare.url, durationSeconds);
        const a = await load(api.url, durationSeconds);
        ctx.progress(
          `intake run ${run}: api ${a.requestsPerSecond.toFixed(0)} req/s, bare queue.add ${b.requestsPerSecond.toFixed(0)}, hello ${h.requestsPerSecond.toFixed(0)}`,
        );
        const details = {
          api: a,
          bareQueueAdd: b,
          helloWorld: h,
        };
        if (a.non2xx + a.errors > 0)
          ctx.progress(`  api answered ${a.non2xx} non-2xx, ${a.errors} errors`);
        throughput.push({ value: a.requestsPerSecond, baseline: b.requestsPerSecond, details });
        overhead.push({ value: a.requestsPerSecond, baseline: h.requestsPerSecond });
      }
      return [
        figureFrom(
          {
            id: "intake-throughput",
            name: "intake throughput",
            unit: "req/s",
            baselineName: "bare express + queue.add, req/s",
            target: { on: "ratio", op: ">=", threshold: 0.9 },
          },
          throughput,
        ),
        figureFrom(
          {
            id: "intake-overhead",
            name: "intake overhead",
            unit: "req/s",
            baselineName: "bare express hello-world, req/s",
            target: { on: "ratio", op: ">=", threshold: 0.6 },
          },
          overhead,
        ),
      ];
    } finally {
      await Promise.all([api.process.stop(), bare.process.stop(), hello.process.stop()]);
    }
  },
};
