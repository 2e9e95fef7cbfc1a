// Tracing (start-up from the standard OpenTelemetry variables, and the helpers every package
// uses to make spans that name a verification without personal data) and the metrics several
// processes share.

export type { SpanContext } from "@opentelemetry/api";
export { activeSpanContext, withBatchSpan } from "./batch-span";
export { USER_ERASURES_METRIC, userErasuresCounter } from "./erasure-counter";
export {
  VERIFICATION_ID,
  VERIFICATION_PROVIDER,
  type VerificationProvider,
  verificationAttributes,
} from "./span-attributes";
export {
  type StartTracingOptions,
  startTracing,
  type Tracing,
  tracingRequested,
} from "./start-tracing";
export {
  annotateActiveSpan,
  recordSpanError,
  SpanKind,
  type SpanOptions,
  tracer,
  withSpan,
} from "./with-span";
