import { PortOneInvalidResponseError } from "./errors";
import { identityVerificationSchema, KNOWN_STATUSES } from "./schemas";

/** The person PortOne verified, in the vocabulary of the V1 `Certification` where they agree. */
export interface VerifiedCustomer {
  /** CI, the person key (V1 `uniqueKey`); null when the PG gives none (Kakao via Inicis). */
  readonly ci: string | null;
  /** DI (V1 `uniqueInSite`); null for KG Inicis. */
  readonly di: string | null;
  readonly name: string | null;
  /** `YYYY-MM-DD`; null when absent. */
  readonly birthday: string | null;
  readonly gender: "male" | "female" | "other" | null;
  readonly phone: string | null;
  /** V1 carrier names: `LGU` is `LGT` and `LGU_MVNO` is `LGT_MVNO`; others unchanged. */
  readonly carrier: string | null;
  readonly foreigner: boolean | null;
}

/** An identity verification as the rest of the service uses it; nothing else is kept. */
export interface IdentityVerification {
  readonly identityVerificationId: string;
  /** `verified` is certified; `ready` is not finished yet (fetch again later); `failed` is final. */
  readonly status: "verified" | "ready" | "failed";
  /** When the person finished (V1 `certifiedAt`); null unless verified. */
  readonly verifiedAt: Date | null;
  /** `channel.pgProvider`, e.g. `DANAL`. */
  readonly pgProvider: string | null;
  /** `pgTxId`. */
  readonly pgTid: string | null;
  /** Null unless verified. */
  readonly customer: VerifiedCustomer | null;
}

/** V2 operator names to the V1 carrier names the service stores. */
const CARRIERS: Readonly<Record<string, string>> = { LGU: "LGT", LGU_MVNO: "LGT_MVNO" };
const GENDERS = { MALE: "male", FEMALE: "female", OTHER: "other" } as const;

/** Empty strings count as absent: some PGs send `""` for what they do not have. */
function orNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === "" ? null : value;
}

/**
 * Validates a `GET /identity-verifications/{id}` body and normalizes it. Throws
 * {@link PortOneInvalidResponseError}: `unknown_status` for a status other than READY /
 * VERIFIED / FAILED, `id_mismatch` for another id, `schema_mismatch` naming the field (never
 * its value) for anything else of the wrong form.
 */
export function parseIdentityVerification(body: unknown, expectedId: string): IdentityVerification {
  const details = { identityVerificationId: expectedId };
  const status = (body as { status?: unknown } | null)?.status;
  if (typeof status === "string" && !KNOWN_STATUSES.has(status)) {
    throw new PortOneInvalidResponseError("unknown_status", details);
  }
  const parsed = identityVerificationSchema.safeParse(body);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join(".") || "body";
    throw new PortOneInvalidResponseError("schema_mismatch", { ...details, field });
  }
  const wire = parsed.data;
  // A record for another id must never be taken for this one.
  if (wire.id !== expectedId) throw new PortOneInvalidResponseError("id_mismatch", details);
  const common = {
    identityVerificationId: wire.id,
    pgProvider: orNull(wire.channel?.pgProvider),
    pgTid: orNull(wire.pgTxId),
  };
  if (wire.status !== "VERIFIED") {
    return {
      ...common,
      status: wire.status === "READY" ? "ready" : "failed",
      verifiedAt: null,
      customer: null,
    };
  }
  const c = wire.verifiedCustomer;
  const operator = orNull(c.operator);
  return {
    ...common,
    status: "verified",
    verifiedAt: new Date(wire.verifiedAt),
    customer: {
      ci: orNull(c.ci),
      di: orNull(c.di),
      name: orNull(c.name),
      birthday: orNull(c.birthDate),
      gender: c.gender ? GENDERS[c.gender] : null,
      phone: orNull(c.phoneNumber),
      carrier: operator === null ? null : (CARRIERS[operator] ?? operator),
      foreigner: c.isForeigner ?? null,
    },
  };
}
