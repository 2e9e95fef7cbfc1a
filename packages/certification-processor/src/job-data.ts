import { isImpUid, isVerificationId, type VerificationRef } from "@cert/queue";
import { InvalidJobDataError } from "./errors";

/**
 * The verification a job asks for: `{ provider, id }`, or `{ imp_uid }` from jobs queued before
 * PortOne V2 was supported (read as i'mport). Ids are validated like intake does, so a job added
 * by hand never reaches a provider URL with something odd in it.
 *
 * @throws InvalidJobDataError for anything else.
 */
export function verificationOf(data: unknown): VerificationRef {
  if (typeof data === "object" && data !== null) {
    const { provider, id, imp_uid: impUid } = data as Record<string, unknown>;
    if ((provider === "iamport" || provider === "portone") && isVerificationId(provider, id)) {
      return { provider, id };
    }
    if (provider === undefined && id === undefined && isImpUid(impUid)) {
      return { provider: "iamport", id: impUid };
    }
  }
  throw new InvalidJobDataError();
}
