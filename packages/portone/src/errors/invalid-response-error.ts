import { contextOf, PortOneError, type PortOneErrorDetails } from "./portone-error";

/**
 * A JSON answer the client cannot use:
 * - `too_large`: a body over the client's limit (retryable: a cut or misrouted answer);
 * - `schema_mismatch` (with `field`): a field missing or of the wrong form;
 * - `unknown_status`: a `status` other than READY / VERIFIED / FAILED, never taken as verified;
 *   not retryable by itself, an operator retries once the client knows it;
 * - `id_mismatch`: the answer is about another id;
 * - `unexpected_status`: an HTTP status PortOne does not document here (or a 404 that is not
 *   PortOne's, such as a wrong API URL).
 */
export type PortOneInvalidResponseCode =
  | "too_large"
  | "schema_mismatch"
  | "unknown_status"
  | "id_mismatch"
  | "unexpected_status";

export class PortOneInvalidResponseError extends PortOneError {
  override readonly name = "PortOneInvalidResponseError";
  /** The offending field's path for `schema_mismatch`, e.g. `verifiedCustomer.birthDate` (never its value). */
  readonly field: string | undefined;

  constructor(
    code: PortOneInvalidResponseCode,
    details: PortOneErrorDetails & { readonly field?: string } = {},
  ) {
    const field = details.field === undefined ? "" : ` at ${details.field}`;
    super(
      `invalid PortOne response: ${code}${field}${contextOf(details)}`,
      code,
      code === "too_large",
      details,
    );
    this.field = details.field;
  }
}
