import type { Scenario } from "../context";
import { figureFrom, type RunMeasurement } from "../figures";
import { startOtlpSink } from "../harness/otlp-sink";
import { inAlternatingOrder, startPipelineRig } from "../harness/pipeline-rig";
import { setSandboxLatency } from "../harness/sandbox-control";

/**
 * What tracing costs: the pipeline scenario (V1) on two deployments side by side, one with the
 * API and worker exporting traces (`OTEL_EXPORTER_OTLP_ENDPOINT` at a sink in the driver that
 * accepts and discards every export, `OTEL_EXPORTER_OTLP_PROTOCOL=http/json`, every other
 * setting the SDK's default), one without. Runs alternate which goes first. Informational.
 */
export const pipelineTracingScenario: Scenario = {
  id: "pipeline-tracing",
  title: "pipeline throughput, tracing on",
  async run(ctx) {
    const { jobs, warmupJobs } = ctx.settings.pipeline;
    await setSandboxLatency(ctx.sandboxUrl, 0);
    const sink = await startOtlpSink();
    const untraced = await startPipelineRig(ctx, await ctx.deployment("pipeline-untraced"), {
      name: "untraced",
    });
    const traced = await startPipelineRig(ctx, await ctx.deployment("pipeline-traced"), {
      name: "traced",
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      },
    });
    try {
      await untraced.post(warmupJobs, "v1");
      await traced.post(warmupJobs, "v1");
      const runs: RunMeasurement[] = [];
      for (let run = 1; run <= ctx.settings.runs; run++) {
        const exportsBefore = { ...sink.received };
        const [off, on] = await inAlternatingOrder(
          run,
          () => untraced.post(jobs, "v1"),
          () => traced.post(jobs, "v1"),
        );
        const exports = {
          requests: sink.received.requests - exportsBefore.requests,
          kilobytes: (sink.received.bytes - exportsBefore.bytes) / 1024,
        };
        ctx.progress(
          `pipeline tracing run ${run}: on ${on.rate.toFixed(0)} imp_uids/s, off ${off.rate.toFixed(0)} (on/off ${(on.rate / off.rate).toFixed(2)}); worker CPU per job on ${on.cpuMsPerJob.toFixed(2)} ms, off ${off.cpuMsPerJob.toFixed(2)}; ${exports.requests} OTLP exports, ${exports.kilobytes.toFixed(0)} KiB`,
        );
        runs.push({ value: on.rate, baseline: off.rate, details: { on, off, exports } });
      }
      return [
        figureFrom(
          {
            id: "pipeline-tracing-cost",
            name: "pipeline throughput, tracing on",
            unit: "imp_uids/s",
            baselineName: "the same pipeline with tracing off, imp_uids/s",
            note: "informational; traces exported as OTLP http/json to a sink in the bench driver that discards them, the SDK's default batching",
          },
          runs,
        ),
      ];
    } finally {
      await Promise.all([untraced.stop(), traced.stop()]);
      await sink.close();
    }
  },
};
