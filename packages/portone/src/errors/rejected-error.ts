import { contextOf, PortOneError, type PortOneErrorDetails } from "./portone-error";

/**
 * PortOne rejected the request itself (400 `INVALID_REQUEST`): the same request fails again, so
 * it is permanent (an id outside PortOne's alphabet, a malformed `storeId`).
 */
export class PortOneRejectedError extends PortOneError {
  override readonly name = "PortOneRejectedError";

  constructor(details: PortOneErrorDetails = {}) {
    super(
      `PortOne rejected the request${contextOf({ ...details, status: 400 })}`,
      "invalid_request",
      false,
      { ...details, status: 400 },
    );
  }
}
