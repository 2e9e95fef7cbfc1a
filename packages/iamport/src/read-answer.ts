import type { HttpAnswer } from "@cert/provider-http";
import { retryAfterMs } from "@cert/provider-http";
import {
  IamportAuthError,
  IamportInvalidResponseError,
  IamportRateLimitError,
  IamportTransientError,
} from "./errors";
import { envelopeSchema } from "./schemas";

export interface AnswerContext {
  readonly impUid?: string;
  /** Wait for a 429 without `Retry-After`, ms. */
  readonly defaultRetryAfterMs: number;
}

/** The body as JSON; an HTML page or broken JSON is a (retryable) invalid response. */
function parseJson(answer: HttpAnswer, impUid: string | undefined): unknown {
  try {
    return JSON.parse(answer.text);
  } catch {
    const html = answer.text.trimStart().startsWith("<");
    throw new IamportInvalidResponseError(html ? "unexpected_content" : "invalid_json", {
      impUid,
      status: answer.status,
    });
  }
}

/** True when the body is the provider's envelope (as opposed to, say, a proxy's page). */
export function isEnvelope(answer: HttpAnswer): boolean {
  try {
    return envelopeSchema.safeParse(JSON.parse(answer.text)).success;
  } catch {
    return false;
  }
}

/**
 * Throws for the statuses both endpoints treat alike: 429, 408 and 5xx (retryable), 403 (auth),
 * and anything else that is not 2xx. Callers handle 401 and 404 first.
 */
export function throwForStatus(answer: HttpAnswer, context: AnswerContext): void {
  const { status } = answer;
  const details = { status, impUid: context.impUid };
  if (status >= 200 && status < 300) return;
  if (status === 429) {
    const wait = retryAfterMs(answer.headers["retry-after"], context.defaultRetryAfterMs);
    throw new IamportRateLimitError(wait, details);
  }
  if (status >= 500 || status === 408) throw new IamportTransientError("server_error", details);
  if (status === 403) throw new IamportAuthError("forbidden", details);
  throw new IamportInvalidResponseError("unexpected_status", details);
}

/**
 * The `response` of a 2xx envelope with `code` 0. A non-zero code, which the provider may send
 * with HTTP 200, is a transient failure: none is documented as permanent.
 */
export function successResponse(answer: HttpAnswer, context: AnswerContext): unknown {
  const details = { status: answer.status, impUid: context.impUid };
  const envelope = envelopeSchema.safeParse(parseJson(answer, context.impUid));
  if (!envelope.success) throw new IamportInvalidResponseError("invalid_envelope", details);
  const { code, response } = envelope.data;
  if (code !== 0)
    throw new IamportTransientError("provider_error", { ...details, providerCode: code });
  if (response === null || response === undefined) {
    throw new IamportInvalidResponseError("missing_response", details);
  }
  return response;
}
