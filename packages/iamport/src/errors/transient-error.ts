import { contextOf, IamportError, type IamportErrorDetails } from "./iamport-error";

/**
 * A failure that a later retry can overcome:
 * - `server_error`: HTTP 5xx (or 408);
 * - `timeout`: no complete answer within the client's timeout;
 * - `network`: connection refused, reset or closed before the answer;
 * - `provider_error`: HTTP 200 with a non-zero envelope `code` (`providerCode`);
 * - `token_rejected`: 401 again right after a fresh token.
 */
export type TransientCode =
  | "server_error"
  | "timeout"
  | "network"
  | "provider_error"
  | "token_rejected";

const MESSAGES: Record<TransientCode, string> = {
  server_error: "i'mport server error",
  timeout: "i'mport request timed out",
  network: "i'mport connection failed",
  provider_error: "i'mport answered a failure code",
  token_rejected: "i'mport rejected a freshly issued token",
};

export class IamportTransientError extends IamportError {
  override readonly name = "IamportTransientError";
  /** The envelope's `code` for `provider_error`. */
  readonly providerCode: number | undefined;

  constructor(
    code: TransientCode,
    details: IamportErrorDetails & {
      readonly providerCode?: number;
      readonly reason?: string;
    } = {},
  ) {
    const extra = [
      details.providerCode === undefined ? "" : ` code ${details.providerCode}`,
      details.reason === undefined ? "" : ` [${details.reason}]`,
    ].join("");
    super(`${MESSAGES[code]}${extra}${contextOf(details)}`, code, true, details);
    this.providerCode = details.providerCode;
  }
}
