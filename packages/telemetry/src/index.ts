// Tracing: start-up from the standard OpenTelemetry variables, and the helpers every package
// uses to make spans that name a verification without personal data.
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
export { recordSpanError, SpanKind, type SpanOptions, tracer, withSpan } from "./with-span";
