import { contextOf, IamportError, type IamportErrorDetails } from "./iamport-error";

/**
 * The provider's answer could not be used. Unreadable bodies (`invalid_json`,
 * `unexpected_content` such as an HTML page, `too_large`) are retryable: they come from
 * proxies and cut connections. A readable answer of the wrong form is not: `invalid_envelope`,
 * `missing_response`, `missing_imp_uid`, `imp_uid_mismatch`, `schema_mismatch` (with `field`),
 * `invalid_token_response`, `unexpected_status`.
 */
export type InvalidResponseCode =
  | "invalid_json"
  | "unexpected_content"
  | "too_large"
  | "invalid_envelope"
  | "missing_response"
  | "missing_imp_uid"
  | "imp_uid_mismatch"
  | "schema_mismatch"
  | "invalid_token_response"
  | "unexpected_status";

const RETRYABLE: ReadonlySet<InvalidResponseCode> = new Set([
  "invalid_json",
  "unexpected_content",
  "too_large",
]);

export class IamportInvalidResponseError extends IamportError {
  override readonly name = "IamportInvalidResponseError";
  /** The offending field's path for `schema_mismatch`, e.g. `birthday` (never its value). */
  readonly field: string | undefined;

  constructor(
    code: InvalidResponseCode,
    details: IamportErrorDetails & { readonly field?: string } = {},
  ) {
    const field = details.field === undefined ? "" : ` at ${details.field}`;
    super(
      `invalid i'mport response: ${code}${field}${contextOf(details)}`,
      code,
      RETRYABLE.has(code),
      details,
    );
    this.field = details.field;
  }
}
