import {
  type Attributes,
  context,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  SpanKind,
  trace,
} from "@opentelemetry/api";
import { runInSpan, tracer } from "./with-span";

/** The span active now, to be handed to {@link withBatchSpan} later; undefined with tracing off. */
export function activeSpanContext(): SpanContext | undefined {
  const span = trace.getActiveSpan();
  return span?.isRecording() ? span.spanContext() : undefined;
}

/**
 * Runs `fn` in a span for work done once for many callers (a group commit): with one member it
 * is that member's child, so a lone verification's trace shows it inline; with several it
 * starts its own trace and links every member, as OpenTelemetry's messaging conventions do for
 * batches. Never a child of whichever caller happened to schedule the batch.
 */
export function withBatchSpan<T>(
  name: string,
  members: readonly (SpanContext | undefined)[],
  options: { readonly kind?: SpanKind; readonly attributes?: Attributes },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const linked = members.filter((m): m is SpanContext => m !== undefined);
  const only = members.length === 1 ? linked[0] : undefined;
  const parent = only ? trace.setSpanContext(ROOT_CONTEXT, only) : ROOT_CONTEXT;
  const span = tracer.startSpan(
    name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      attributes: options.attributes,
      links: only ? [] : linked.map((spanContext) => ({ context: spanContext })),
    },
    parent,
  );
  return context.with(trace.setSpan(parent, span), () => runInSpan(span, fn));
}
