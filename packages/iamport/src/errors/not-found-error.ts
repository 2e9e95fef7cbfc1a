import { IamportError } from "./iamport-error";

/** The provider has no certification with this imp_uid (HTTP 404). Permanent. */
export class IamportNotFoundError extends IamportError {
  override readonly name = "IamportNotFoundError";

  constructor(impUid: string) {
    super(`i'mport has no certification ${impUid} (HTTP 404)`, "not_found", false, {
      status: 404,
      impUid,
    });
  }
}
