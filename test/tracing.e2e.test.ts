import {
  generateCertification,
  type RunningSandbox,
  SANDBOX_API_SECRET,
  sandboxImpUid,
} from "@cert/iamport-sandbox";
import { createCertificationQueue, jobIdFor } from "@cert/queue";
import { createFailFastConnection, waitUntilReady } from "@cert/redis";
import {
  getTestServices,
  type OtlpReceiver,
  type ReceivedSpan,
  startOtlpReceiver,
  startTestSandbox,
  useTestDatabase,
  waitUntil,
} from "@cert/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { personalValuesOf } from "./support/personal-data";
import { type PipelineSystem, startPipeline } from "./support/pipeline-system";

const database = useTestDatabase();
let sandbox: RunningSandbox;
let receiver: OtlpReceiver;
let system: PipelineSystem | undefined;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  receiver = await startOtlpReceiver();
});

afterAll(async () => {
  await system?.stop();
  await receiver?.close();
  await sandbox?.close();
});

/** The standard variables only: endpoint, protocol, a short export delay for the test. */
function otelEnv(endpoint: string): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_BSP_SCHEDULE_DELAY: "100",
  };
}

/** The spans of `traceId` whose name matches. */
const named = (spans: ReceivedSpan[], pattern: RegExp) =>
  spans.filter((span) => pattern.test(span.name));

describe("one trace per verification", () => {
  it("runs from the intake request through the job, the provider calls, the commit and the publish", async () => {
    system = await startPipeline({
      databaseUrl: database.url,
      redisUrl: getTestServices().redisUrl,
      sandboxUrl: sandbox.url,
      workers: 1,
      label: "tracing",
      apiEnv: otelEnv(receiver.endpoint),
      workerEnv: otelEnv(receiver.endpoint),
    });

    const impUid = sandboxImpUid("full", 7, 4242);
    const accepted = await fetch(`${system.apiUrl}/certifications`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ imp_uid: impUid }),
    });
    expect(accepted.status).toBe(202);

    const expected = [
      /^intake\.enqueue$/,
      // BullMQ's producer span of this submission's add (it came alone, so no bulk add).
      /^add /,
      /^process /,
      /^iamport\.getToken$/,
      /^iamport\.getCertification$/,
      /^outbox\.write$/,
      /^outbox\.commit$/,
      /^outbox\.publish$/,
    ];
    const enqueue = () => receiver.spans.find((s) => s.name === "intake.enqueue");
    const traceSpans = () => receiver.spans.filter((s) => s.traceId === enqueue()?.traceId);
    await waitUntil(
      "every span of the verification's trace is exported",
      () => expected.every((pattern) => named(traceSpans(), pattern).length > 0),
      60_000,
    );
    const spans = traceSpans();

    // Both processes, under their default service names, in one trace.
    const services = new Set(spans.map((s) => s.service));
    expect(services).toEqual(new Set(["cert-intake-api", "cert-intake-worker"]));

    // A tree: every span but the root has its parent in the trace.
    const ids = new Set(spans.map((s) => s.spanId));
    const roots = spans.filter((s) => !ids.has(s.parentSpanId));
    expect(roots.map((s) => s.name)).toEqual(["intake.enqueue"]);
    const parentOf = (pattern: RegExp) => {
      const span = named(spans, pattern)[0];
      return spans.find((s) => s.spanId === span?.parentSpanId)?.name;
    };
    // A lone submission's job is added in its own context: intake.enqueue → add → process.
    expect(parentOf(/^add /)).toBe("intake.enqueue");
    expect(parentOf(/^process /)).toMatch(/^add /);
    expect(parentOf(/^iamport\.getCertification$/)).toMatch(/^process /);
    expect(parentOf(/^outbox\.write$/)).toMatch(/^process /);
    expect(parentOf(/^outbox\.commit$/)).toBe("outbox.write");
    expect(parentOf(/^outbox\.publish$/)).toBe("outbox.commit");

    // The verification is named on the spans that handle it.
    for (const pattern of [
      /^intake\.enqueue$/,
      /^process /,
      /^iamport\.getCertification$/,
      /^outbox\.write$/,
    ]) {
      expect(named(spans, pattern)[0]?.attributes, pattern.source).toMatchObject({
        "verification.provider": "iamport",
        "verification.id": impUid,
      });
    }
    expect(named(spans, /^iamport\.getCertification$/)[0]?.attributes).toMatchObject({
      "http.response.status_code": 200,
    });

    // The context travelled in the job's options; its data is still the id alone.
    const redis = createFailFastConnection(getTestServices().redisUrl);
    const queue = createCertificationQueue({ connection: redis, prefix: system.queuePrefix });
    try {
      await waitUntilReady(redis, 10_000);
      const job = await queue.getJob(jobIdFor({ provider: "iamport", id: impUid }));
      expect(job?.data).toEqual({ provider: "iamport", id: impUid });
      expect(job?.opts.telemetry?.metadata).toContain(enqueue()?.traceId);
    } finally {
      await queue.close();
      redis.disconnect();
    }

    // No personal value of the record anywhere in what was exported.
    const record = generateCertification(impUid);
    expect(record).not.toBeNull();
    const exported = receiver.bodies.join("\n");
    for (const secret of personalValuesOf(record ?? ({} as never))) {
      expect(exported.includes(secret.value), `${secret.kind} exported`).toBe(false);
    }
    expect(exported).not.toContain(SANDBOX_API_SECRET);
  }, 240_000);
});
