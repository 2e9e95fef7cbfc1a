import type { HttpAnswer } from "@cert/provider-http";
import { retryAfterMs } from "@cert/provider-http";
import {
  PortOneAuthError,
  PortOneInvalidResponseError,
  PortOneNotFoundError,
  PortOneRateLimitError,
  PortOneRejectedError,
  PortOneTransientError,
} from "./errors";
import { errorBodySchema } from "./schemas";

/** The body as JSON; an HTML page or broken JSON is a transient failure (proxies, cut bodies). */
export function jsonOf(answer: HttpAnswer, identityVerificationId: string): unknown {
  try {
    return JSON.parse(answer.text);
  } catch {
    const html = answer.text.trimStart().startsWith("<");
    throw new PortOneTransientError(html ? "unexpected_content" : "invalid_json", {
      identityVerificationId,
      status: answer.status,
    });
  }
}

/** The `type` of PortOne's error body, or null when the body is not one (a proxy's page). */
function errorTypeOf(answer: HttpAnswer): string | null {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(answer.text));
    return parsed.success ? parsed.data.type : null;
  } catch {
    return null;
  }
}

/**
 * Throws the typed error for any answer that is not 2xx: what a retry can do follows from the
 * status, as PortOne documents it for this endpoint.
 */
export function throwForStatus(
  answer: HttpAnswer,
  identityVerificationId: string,
  defaultRetryAfterMs: number,
): void {
  const { status } = answer;
  const details = { status, identityVerificationId };
  if (status >= 200 && status < 300) return;
  if (status === 404) {
    // Only PortOne's own body means "no such verification"; a 404 page from elsewhere (a wrong
    // API URL) must not turn every id into not_found.
    if (errorTypeOf(answer) === "IDENTITY_VERIFICATION_NOT_FOUND") {
      throw new PortOneNotFoundError(identityVerificationId);
    }
    throw new PortOneInvalidResponseError("unexpected_status", details);
  }
  if (status === 401) throw new PortOneAuthError("unauthorized", details);
  if (status === 403) throw new PortOneAuthError("forbidden", details);
  if (status === 400) throw new PortOneRejectedError(details);
  if (status === 429) {
    const wait = retryAfterMs(answer.headers["retry-after"], defaultRetryAfterMs);
    throw new PortOneRateLimitError(wait, details);
  }
  if (status >= 500 || status === 408) throw new PortOneTransientError("server_error", details);
  throw new PortOneInvalidResponseError("unexpected_status", details);
}
