import type { CertificationRecord } from "@cert/db";
import { type IdentityVerification, PortOneNotFoundError } from "@cert/portone";
import type { SourceAnswer, VerificationSource } from "./verification-source";

/** The PortOne V2 call the processor needs; `IdentityVerificationClient` implements it. */
export interface PortOneIdentityVerificationClient {
  getIdentityVerification(id: string): Promise<IdentityVerification>;
}

/**
 * A V2 identity verification in the stored vocabulary: `ci`/`di` where V1 has
 * `unique_key`/`unique_in_site`, `verifiedAt` as `certified_at` (the age check's reference
 * date, as a calendar date in Asia/Seoul), V2 has no merchant order id. The client already
 * maps gender (`OTHER` → `other`) and operators (`LGU` → `LGT`). `FAILED` is a final,
 * uncertified answer with no personal data.
 */
export function recordOfVerification(v: IdentityVerification): CertificationRecord {
  const c = v.customer;
  return {
    uniqueKey: c?.ci ?? null,
    uniqueInSite: c?.di ?? null,
    name: c?.name ?? null,
    gender: c?.gender ?? null,
    birthday: c?.birthday ?? null,
    phone: c?.phone ?? null,
    carrier: c?.carrier ?? null,
    foreigner: c?.foreigner ?? null,
    merchantUid: null,
    pgProvider: v.pgProvider,
    pgTid: v.pgTid,
    certified: v.status === "verified",
    certifiedAt: v.verifiedAt,
  };
}

/** PortOne V2 as a {@link VerificationSource}: `READY` is pending, `VERIFIED`/`FAILED` final. */
export function createPortOneSource(client: PortOneIdentityVerificationClient): VerificationSource {
  return {
    provider: "portone",
    async fetch(id): Promise<SourceAnswer> {
      let verification: IdentityVerification;
      try {
        verification = await client.getIdentityVerification(id);
      } catch (err) {
        if (err instanceof PortOneNotFoundError) return { kind: "not_found" };
        throw err;
      }
      if (verification.status === "ready") return { kind: "pending" };
      return { kind: "found", record: recordOfVerification(verification) };
    },
  };
}
