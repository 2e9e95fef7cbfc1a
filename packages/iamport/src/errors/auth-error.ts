import { contextOf, IamportError, type IamportErrorDetails } from "./iamport-error";

/**
 * The provider refused the REST API key or secret (401 on getToken) or the account's access
 * (403). Permanent until an operator fixes the credentials, so retrying does not help.
 */
export class IamportAuthError extends IamportError {
  override readonly name = "IamportAuthError";

  constructor(code: "invalid_credentials" | "forbidden", details: IamportErrorDetails = {}) {
    const what =
      code === "invalid_credentials"
        ? "i'mport rejected the REST API key or secret"
        : "i'mport refused access";
    super(`${what}${contextOf(details)}`, code, false, details);
  }
}
