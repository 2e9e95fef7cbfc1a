import {
  type Attributes,
  type Link,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";

/**
 * The project's one tracer. Obtained through the global API, so it is a no-op until
 * `startTracing` registers a provider, and spans made before that are simply not recorded.
 */
export const tracer = trace.getTracer("cert-intake");

export interface SpanOptions {
  readonly attributes?: Attributes;
  readonly kind?: SpanKind;
  readonly links?: Link[];
}

/**
 * A safe description of an error for a span: its class name and, when it has one, its code.
 * Never the message or the stack, which could carry a provider's answer.
 */
function errorType(err: unknown): string {
  if (err && typeof err === "object") {
    const code = (err as { code?: unknown }).code;
    if (typeof code === "string") return code;
    const name = (err as { name?: unknown }).name;
    if (typeof name === "string") return name;
  }
  return "error";
}

/** Marks `span` failed with {@link errorType} only. */
export function recordSpanError(span: Span, err: unknown): void {
  const type = errorType(err);
  span.setAttribute("error.type", type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}

/** Runs `fn` with `span`, which it ends when `fn` settles, marked failed when `fn` throws. */
export async function runInSpan<T>(span: Span, fn: (span: Span) => Promise<T>): Promise<T> {
  try {
    return await fn(span);
  } catch (err) {
    recordSpanError(span, err);
    throw err;
  } finally {
    span.end();
  }
}

/**
 * Runs `fn` inside a new active span named `name`, ending it when `fn` settles. With tracing
 * off the tracer is the API's no-op one, so this costs one non-recording span object.
 */
export function withSpan<T>(
  name: string,
  options: SpanOptions,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const { kind = SpanKind.INTERNAL, attributes, links } = options;
  return tracer.startActiveSpan(name, { kind, attributes, links }, (span) => runInSpan(span, fn));
}

export { SpanKind };

/**
 * Adds attributes to the span active now (BullMQ's job span, for instance), if any is
 * recording; a no-op with tracing off.
 */
export function annotateActiveSpan(attributes: Attributes): void {
  const span = trace.getActiveSpan();
  if (span?.isRecording()) span.setAttributes(attributes);
}
