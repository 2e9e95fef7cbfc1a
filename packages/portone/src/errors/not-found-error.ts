import { PortOneError } from "./portone-error";

/** PortOne has no identity verification with this id (404 `IDENTITY_VERIFICATION_NOT_FOUND`). */
export class PortOneNotFoundError extends PortOneError {
  override readonly name = "PortOneNotFoundError";

  constructor(identityVerificationId: string) {
    super(
      `PortOne has no identity verification ${identityVerificationId} (HTTP 404)`,
      "not_found",
      false,
      { status: 404, identityVerificationId },
    );
  }
}
