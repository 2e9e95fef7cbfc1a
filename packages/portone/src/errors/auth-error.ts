import { contextOf, PortOneError, type PortOneErrorDetails } from "./portone-error";

/**
 * PortOne refused the API secret (401 `UNAUTHORIZED`) or the access, e.g. to another store
 * (403 `FORBIDDEN`). Permanent until an operator fixes the configuration.
 */
export class PortOneAuthError extends PortOneError {
  override readonly name = "PortOneAuthError";

  constructor(code: "unauthorized" | "forbidden", details: PortOneErrorDetails = {}) {
    const what =
      code === "unauthorized" ? "PortOne rejected the API secret" : "PortOne refused access";
    super(`${what}${contextOf(details)}`, code, false, details);
  }
}
