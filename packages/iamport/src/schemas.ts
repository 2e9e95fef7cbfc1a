import { z } from "zod";

/**
 * Wire schemas. Every object is `loose`: the provider adds fields at any time and clients must
 * ignore them. Only `imp_uid` is required of a certification; everything else may be missing
 * or null (docs: "everything but imp_uid, pg_provider and foreigner may be missing or null",
 * and a tolerant reader also survives those two going missing).
 */
export const envelopeSchema = z
  .object({
    code: z.number().int(),
    message: z.string().nullish(),
    response: z.unknown(),
  })
  .loose();

export const tokenResponseSchema = z
  .object({
    access_token: z.string().min(1),
    now: z.number().int(),
    expired_at: z.number().int(),
  })
  .loose();

/**
 * Longest value accepted per field, in characters. A CI is 88 characters of base64 and a DI 64;
 * the others are generous for every PG seen. Anything longer is not a real answer (a 500 KB name
 * would otherwise be stored and re-read forever), so it is an invalid response.
 */
export const FIELD_MAX_LENGTH = {
  imp_uid: 80,
  merchant_uid: 80,
  pg_provider: 40,
  pg_tid: 100,
  name: 100,
  gender: 10,
  birthday: 10,
  phone: 20,
  carrier: 20,
  unique_key: 88,
  unique_in_site: 64,
} as const;

/** How far ahead of this host's clock `certified_at` may be (clock skew), seconds. */
export const MAX_FUTURE_SKEW_SECONDS = 600;

const text = (max: number) => z.string().max(max).nullish();
/** Unix seconds; 10^11 s is year 5138, so anything larger is milliseconds sent by mistake. */
const unixSeconds = z.number().int().max(99_999_999_999).nullish();
/**
 * A certification time can be neither negative nor in the future: one in 2100 would win every
 * "newest certification wins" comparison for that person forever.
 */
const certifiedAt = unixSeconds.refine(
  (v) => v == null || (v >= 0 && v <= Date.now() / 1000 + MAX_FUTURE_SKEW_SECONDS),
);

export const certificationSchema = z
  .object({
    imp_uid: z.string().min(1).max(FIELD_MAX_LENGTH.imp_uid),
    merchant_uid: text(FIELD_MAX_LENGTH.merchant_uid),
    pg_provider: text(FIELD_MAX_LENGTH.pg_provider),
    pg_tid: text(FIELD_MAX_LENGTH.pg_tid),
    certified: z.boolean().nullish(),
    certified_at: certifiedAt,
    name: text(FIELD_MAX_LENGTH.name),
    gender: text(FIELD_MAX_LENGTH.gender),
    birthday: text(FIELD_MAX_LENGTH.birthday),
    birth: unixSeconds,
    foreigner: z.boolean().nullish(),
    phone: text(FIELD_MAX_LENGTH.phone),
    carrier: text(FIELD_MAX_LENGTH.carrier),
    unique_key: text(FIELD_MAX_LENGTH.unique_key),
    unique_in_site: text(FIELD_MAX_LENGTH.unique_in_site),
  })
  .loose();

export type WireCertification = z.infer<typeof certificationSchema>;
export type WireToken = z.infer<typeof tokenResponseSchema>;
