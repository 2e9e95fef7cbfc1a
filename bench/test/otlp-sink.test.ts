import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { type OtlpSink, startOtlpSink } from "../src/harness/otlp-sink";

describe("startOtlpSink", () => {
  let sink: OtlpSink | undefined;
  afterEach(async () => {
    await sink?.close();
  });

  it("accepts OTLP http/json and protobuf exports with an empty success and counts them", async () => {
    sink = await startOtlpSink();
    const json = await request(`${sink.endpoint}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ resourceSpans: [] }),
    });
    expect(json.statusCode).toBe(200);
    expect(await json.body.json()).toEqual({});
    const protobuf = await request(`${sink.endpoint}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/x-protobuf" },
      body: Buffer.from([0x0a, 0x00]),
    });
    expect(protobuf.statusCode).toBe(200);
    expect(protobuf.headers["content-type"]).toBe("application/x-protobuf");
    expect((await protobuf.body.arrayBuffer()).byteLength).toBe(0);
    expect(sink.received).toEqual({ requests: 2, bytes: 20 + 2 });
  });

  it("refuses anything but POST", async () => {
    sink = await startOtlpSink();
    const answer = await request(`${sink.endpoint}/v1/traces`);
    await answer.body.dump();
    expect(answer.statusCode).toBe(405);
    expect(sink.received.requests).toBe(0);
  });
});
