import type { Telemetry } from "bullmq";

/** What `startTracing` set up. */
export interface Tracing {
  /** True when spans are exported (an OTLP endpoint is configured). */
  readonly enabled: boolean;
  /** BullMQ's telemetry option (context in job options), or undefined when tracing is off. */
  readonly bullmq: Telemetry | undefined;
  /** Exports what is still buffered and stops; resolves at once when tracing is off. */
  shutdown(): Promise<void>;
}

export interface StartTracingOptions {
  /** `service.name` when `OTEL_SERVICE_NAME` is unset. */
  readonly defaultServiceName: string;
}

const isSet = (value: string | undefined) => value !== undefined && value.trim() !== "";

/**
 * Whether the standard variables ask for trace export: an OTLP endpoint (general or traces)
 * is set, the SDK is not disabled, and the traces exporter is not `none`.
 */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return false;
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === "none") return false;
  return isSet(env.OTEL_EXPORTER_OTLP_ENDPOINT) || isSet(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

const OFF: Tracing = { enabled: false, bullmq: undefined, shutdown: async () => {} };

/**
 * Starts OpenTelemetry tracing, configured only by the SDK's standard variables
 * (`OTEL_EXPORTER_OTLP_*ENDPOINT`, `OTEL_EXPORTER_OTLP_PROTOCOL`: `http/protobuf`, `http/json`
 * or `grpc`, `OTEL_SERVICE_NAME`, `OTEL_TRACES_SAMPLER`, `OTEL_RESOURCE_ATTRIBUTES`, ...).
 * Without an endpoint nothing is loaded or started: the tracer API stays a no-op. Traces only:
 * metrics are Prometheus's (`/metrics`) and logs are pino's, so the SDK gets no metric readers
 * nor log processors.
 */
export async function startTracing(options: StartTracingOptions): Promise<Tracing> {
  // The SDK reads the process's environment itself, so the decision reads the same one.
  const env = process.env;
  if (!tracingRequested(env)) return OFF;
  // Loaded only when used: the SDK and its exporters are not worth their start-up time otherwise.
  const [{ NodeSDK }, { BullMQOtel }] = await Promise.all([
    import("@opentelemetry/sdk-node"),
    import("bullmq-otel"),
  ]);
  const sdk = new NodeSDK({
    serviceName: isSet(env.OTEL_SERVICE_NAME) ? env.OTEL_SERVICE_NAME : options.defaultServiceName,
    instrumentations: [],
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return {
    enabled: true,
    bullmq: new BullMQOtel({ tracerName: "bullmq" }),
    shutdown: () => sdk.shutdown(),
  };
}
