import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A running sink and what it received. */
export interface OtlpSink {
  /** The `OTEL_EXPORTER_OTLP_ENDPOINT` to give the apps. */
  readonly endpoint: string;
  /** Export requests and their body bytes received so far. */
  readonly received: { requests: number; bytes: number };
  close(): Promise<void>;
}

/**
 * The smallest OTLP/HTTP collector: accepts every POST (`/v1/traces` and the rest), reads and
 * discards its body, and answers a successful empty export response (`{}` for `http/json`, an
 * empty message for protobuf). It runs in the bench driver, so tracing's cost in a run is the
 * apps' (building, batching, serializing, sending spans), not a collector's.
 */
export async function startOtlpSink(): Promise<OtlpSink> {
  const received = { requests: 0, bytes: 0 };
  const server = createServer((req, res) => {
    req.on("data", (chunk: Buffer) => {
      received.bytes += chunk.length;
    });
    req.on("end", () => {
      if (req.method !== "POST") {
        res.writeHead(405).end();
        return;
      }
      received.requests += 1;
      const json = (req.headers["content-type"] ?? "").includes("json");
      res
        .writeHead(200, { "content-type": json ? "application/json" : "application/x-protobuf" })
        .end(json ? "{}" : "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
