import type { Scenario } from "../context";
import { figureFrom, type RunMeasurement } from "../figures";
import { drainWithNoopWorker } from "../harness/noop-run";
import { inAlternatingOrder, startPipelineRig } from "../harness/pipeline-rig";
import { setSandboxLatency } from "../harness/sandbox-control";

/**
 * The pipeline scenario through PortOne V2: fresh identityVerificationIds POSTed to
 * `/identity-verifications` (every VERIFIED shape and FAILED; see `V2IdBatch`), against the same
 * no-op baseline. Each run also sends the same number of V1 imp_uids through the same API and
 * worker, V1 and V2 taking turns at going first, so the V2/V1 ratio compares runs seconds apart
 * on the same processes rather than two scenarios minutes apart on a noisy box.
 */
export const pipelineV2Scenario: Scenario = {
  id: "pipeline-v2",
  title: "pipeline throughput, PortOne V2",
  async run(ctx) {
    const { jobs, warmupJobs } = ctx.settings.pipeline;
    await setSandboxLatency(ctx.sandboxUrl, 0);
    const d = await ctx.deployment("pipeline-v2");
    const noopDeployment = await ctx.deployment("pipeline-v2-noop", { withDatabase: false });
    const rig = await startPipelineRig(ctx, d);
    try {
      await rig.post(warmupJobs, "v1");
      await rig.post(warmupJobs, "v2");
      const versusNoop: RunMeasurement[] = [];
      const versusV1: RunMeasurement[] = [];
      for (let run = 1; run <= ctx.settings.runs; run++) {
        const base = await drainWithNoopWorker(ctx, noopDeployment, jobs);
        const [v1, v2] = await inAlternatingOrder(
          run,
          () => rig.post(jobs, "v1"),
          () => rig.post(jobs, "v2"),
        );
        ctx.progress(
          `pipeline V2 run ${run}: ${v2.rate.toFixed(0)} ids/s, V1 ${v1.rate.toFixed(0)} imp_uids/s (V2/V1 ${(v2.rate / v1.rate).toFixed(2)}), bare BullMQ ${base.rate.toFixed(0)} jobs/s; V2 worker CPU per job ${v2.cpuMsPerJob.toFixed(2)} ms (V1 ${v1.cpuMsPerJob.toFixed(2)})`,
        );
        versusNoop.push({ value: v2.rate, baseline: base.rate, details: { v2, base } });
        versusV1.push({ value: v2.rate, baseline: v1.rate, details: { v2, v1 } });
      }
      return [
        figureFrom(
          {
            id: "pipeline-v2-throughput",
            name: "pipeline throughput, V2",
            unit: "ids/s",
            baselineName: "bare BullMQ no-op worker, jobs/s",
            note: "informational against the no-op worker; the V2 target is the V2/V1 row",
          },
          versusNoop,
        ),
        figureFrom(
          {
            id: "pipeline-v2-versus-v1",
            name: "pipeline throughput, V2 / V1",
            unit: "ids/s",
            baselineName: "V1 pipeline on the same API and worker, imp_uids/s",
            target: { on: "ratio", op: ">=", threshold: 0.9 },
            note: "V1 and V2 runs back to back on the same processes, alternating which goes first",
          },
          versusV1,
        ),
      ];
    } finally {
      await rig.stop();
    }
  },
};
