import { parseCalendarDate, seoulDateOf } from "@cert/calendar";
import { IamportInvalidResponseError } from "./errors";
import { certificationSchema, type WireCertification } from "./schemas";

/** A certification as the rest of the service uses it: camelCase, null where the provider gave nothing. */
export interface Certification {
  readonly impUid: string;
  readonly merchantUid: string | null;
  readonly pgProvider: string | null;
  readonly pgTid: string | null;
  /** False unless the provider says `certified: true`. */
  readonly certified: boolean;
  /** Null when absent or 0 (the provider's "not set"). */
  readonly certifiedAt: Date | null;
  readonly name: string | null;
  readonly gender: string | null;
  /** `YYYY-MM-DD` from `birthday`, else from legacy `birth` in Asia/Seoul; null when neither. */
  readonly birthday: string | null;
  readonly phone: string | null;
  readonly carrier: string | null;
  readonly foreigner: boolean | null;
  /** CI, the person key; null for Kakao certificates and some PGs. */
  readonly uniqueKey: string | null;
  /** DI; null for KG Inicis unified. */
  readonly uniqueInSite: string | null;
}

/** A real calendar date in a plausible range, else null. */
function validDate(value: string): string | null {
  const date = parseCalendarDate(value);
  return date && date.year >= 1900 && date.year <= 2100 ? value : null;
}

/** Empty strings count as absent: some PGs send `""` for fields they do not have. */
function orNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === "" ? null : value;
}

function mismatch(field: string, impUid: string): IamportInvalidResponseError {
  return new IamportInvalidResponseError("schema_mismatch", { field, impUid });
}

function birthdayOf(wire: WireCertification): string | null {
  const birthday = orNull(wire.birthday);
  if (birthday !== null) {
    const valid = validDate(birthday);
    if (valid === null) throw mismatch("birthday", wire.imp_uid);
    return valid;
  }
  if (wire.birth === undefined || wire.birth === null) return null;
  const converted = validDate(seoulDateOf(wire.birth));
  if (converted === null) throw mismatch("birth", wire.imp_uid);
  return converted;
}

/**
 * Validates the `response` of `GET /certifications/{imp_uid}` and normalizes it. Unknown fields
 * are ignored; a missing `imp_uid`, a different one than asked for, or a field of the wrong type
 * throws {@link IamportInvalidResponseError} (naming the field, never its value).
 */
export function parseCertification(response: unknown, expectedImpUid?: string): Certification {
  if (typeof response !== "object" || response === null || Array.isArray(response)) {
    throw new IamportInvalidResponseError("schema_mismatch", { impUid: expectedImpUid });
  }
  const impUid = (response as { imp_uid?: unknown }).imp_uid;
  if (typeof impUid !== "string" || impUid === "") {
    throw new IamportInvalidResponseError("missing_imp_uid", { impUid: expectedImpUid });
  }
  // A record for another id must never be taken for this one.
  if (expectedImpUid !== undefined && impUid !== expectedImpUid) {
    throw new IamportInvalidResponseError("imp_uid_mismatch", { impUid: expectedImpUid });
  }
  const parsed = certificationSchema.safeParse(response);
  if (!parsed.success) {
    throw mismatch(parsed.error.issues[0]?.path.join(".") || "response", impUid);
  }
  const wire = parsed.data;
  return {
    impUid,
    merchantUid: orNull(wire.merchant_uid),
    pgProvider: orNull(wire.pg_provider),
    pgTid: orNull(wire.pg_tid),
    certified: wire.certified === true,
    certifiedAt: wire.certified_at ? new Date(wire.certified_at * 1000) : null,
    name: orNull(wire.name),
    gender: orNull(wire.gender),
    birthday: birthdayOf(wire),
    phone: orNull(wire.phone),
    carrier: orNull(wire.carrier),
    foreigner: wire.foreigner ?? null,
    uniqueKey: orNull(wire.unique_key),
    uniqueInSite: orNull(wire.unique_in_site),
  };
}
