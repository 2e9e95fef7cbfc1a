import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { startTracing, tracingRequested, verificationAttributes, withSpan } from "../src";

describe("tracingRequested", () => {
  it.each([
    [{}, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "  " }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://127.0.0.1:4318/v1/traces" }, true],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_SDK_DISABLED: "true" }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_TRACES_EXPORTER: "none" }, false],
  ])("%j -> %s", (env, expected) => {
    expect(tracingRequested(env)).toBe(expected);
  });
});

/** Every request a tiny OTLP endpoint receives: path, content type and raw body. */
const received: { url?: string; type?: string; body: Buffer }[] = [];
const server = createServer((req: IncomingMessage, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    received.push({ url: req.url, type: req.headers["content-type"], body: Buffer.concat(chunks) });
    res.writeHead(200).end();
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("startTracing", () => {
  // One test: the SDK registers process-wide globals, so off is checked before on.
  it("starts nothing without an endpoint, then exports http/protobuf spans with one", async () => {
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
    const off = await startTracing({ defaultServiceName: "test-service" });
    expect(off.enabled).toBe(false);
    expect(off.bullmq).toBeUndefined();
    const recording = await withSpan("before", {}, async (span) => span.isRecording());
    expect(recording).toBe(false);

    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    // The standard variables, as a deployment sets them (this test file has its own process).
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${port}`;
    process.env.OTEL_EXPORTER_OTLP_PROTOCOL = "http/protobuf";
    const on = await startTracing({ defaultServiceName: "test-service" });
    expect(on.enabled).toBe(true);
    expect(on.bullmq).toBeDefined();
    await withSpan(
      "unit.span",
      { attributes: verificationAttributes("portone", "verification-42") },
      async (span) => expect(span.isRecording()).toBe(true),
    );
    await on.shutdown();

    const traces = received.filter((r) => r.url === "/v1/traces");
    expect(traces.length).toBeGreaterThan(0);
    expect(traces[0]?.type).toBe("application/x-protobuf");
    // Protobuf keeps strings as UTF-8 bytes.
    const body = Buffer.concat(traces.map((t) => t.body)).toString("latin1");
    for (const text of ["unit.span", "verification-42", "verification.provider", "test-service"]) {
      expect(body).toContain(text);
    }
  });
});
