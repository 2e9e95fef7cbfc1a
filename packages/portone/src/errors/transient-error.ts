import { contextOf, PortOneError, type PortOneErrorDetails } from "./portone-error";

/**
 * A failure a later retry can overcome:
 * - `server_error`: HTTP 5xx (or 408);
 * - `timeout`: no complete answer within the client's deadline;
 * - `network`: connection refused, reset or closed before the answer;
 * - `invalid_json` / `unexpected_content`: a body that is not JSON (broken, or an HTML page from
 *   a proxy), which comes from cut connections and gateways rather than from PortOne.
 */
export type PortOneTransientCode =
  | "server_error"
  | "timeout"
  | "network"
  | "invalid_json"
  | "unexpected_content";

const MESSAGES: Record<PortOneTransientCode, string> = {
  server_error: "PortOne server error",
  timeout: "PortOne request timed out",
  network: "PortOne connection failed",
  invalid_json: "PortOne answered a body that is not JSON",
  unexpected_content: "PortOne answered a non-JSON page",
};

export class PortOneTransientError extends PortOneError {
  override readonly name = "PortOneTransientError";

  constructor(
    code: PortOneTransientCode,
    details: PortOneErrorDetails & { readonly reason?: string } = {},
  ) {
    const reason = details.reason === undefined ? "" : ` [${details.reason}]`;
    super(`${MESSAGES[code]}${reason}${contextOf(details)}`, code, true, details);
  }
}
