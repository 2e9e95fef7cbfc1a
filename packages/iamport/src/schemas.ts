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

const text = z.string().nullish();
/** Unix seconds; 10^11 s is year 5138, so anything larger is milliseconds sent by mistake. */
const unixSeconds = z.number().int().max(99_999_999_999).nullish();

export const certificationSchema = z
  .object({
    imp_uid: z.string().min(1),
    merchant_uid: text,
    pg_provider: text,
    pg_tid: text,
    certified: z.boolean().nullish(),
    certified_at: unixSeconds.refine((v) => v == null || v >= 0),
    name: text,
    gender: text,
    birthday: text,
    birth: unixSeconds,
    foreigner: z.boolean().nullish(),
    phone: text,
    carrier: text,
    unique_key: text,
    unique_in_site: text,
  })
  .loose();

export type WireCertification = z.infer<typeof certificationSchema>;
export type WireToken = z.infer<typeof tokenResponseSchema>;
