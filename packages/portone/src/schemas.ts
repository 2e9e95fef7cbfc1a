import { z } from "zod";

/**
 * Wire schemas of `GET /identity-verifications/{id}`. Objects strip what they do not name, so
 * unknown fields are ignored and `pgRawResponse` (the PG's raw answer, full of personal data)
 * never leaves the parser. Only what the service uses is checked.
 */
/**
 * Longest value accepted per field, in characters. A CI is 88 characters of base64 and a DI 64;
 * the others are generous for every PG seen. Anything longer is not a real answer (a 500 KB name
 * would otherwise be stored and re-read forever), so it is an invalid response.
 */
export const FIELD_MAX_LENGTH = {
  id: 128,
  pgTxId: 100,
  pgProvider: 40,
  name: 100,
  operator: 20,
  phoneNumber: 20,
  ci: 88,
  di: 64,
} as const;

/** How far ahead of this host's clock `verifiedAt` may be (clock skew), ms. */
export const MAX_FUTURE_SKEW_MS = 600_000;

const text = (max: number) => z.string().max(max).nullish();

/** RFC 3339 with `Z` or an offset (PortOne sends both forms). */
const timestamp = z.iso.datetime({ offset: true });

/**
 * A verification time in the future is refused: one in 2100 would win every "newest
 * verification wins" comparison for that person forever.
 */
const verifiedAt = timestamp.refine((v) => Date.parse(v) <= Date.now() + MAX_FUTURE_SKEW_MS);

/** `YYYY-MM-DD`, a real calendar date (no 02-30), in a plausible range. */
const birthDate = z.iso
  .date()
  .refine((value) => Number(value.slice(0, 4)) >= 1900 && Number(value.slice(0, 4)) <= 2100);

const channel = z.object({ pgProvider: text(FIELD_MAX_LENGTH.pgProvider) }).nullish();

const verifiedCustomer = z.object({
  name: z.string().max(FIELD_MAX_LENGTH.name),
  operator: text(FIELD_MAX_LENGTH.operator),
  phoneNumber: text(FIELD_MAX_LENGTH.phoneNumber),
  birthDate: z.union([birthDate, z.literal("")]).nullish(),
  gender: z.enum(["MALE", "FEMALE", "OTHER"]).nullish(),
  isForeigner: z.boolean().nullish(),
  ci: text(FIELD_MAX_LENGTH.ci),
  di: text(FIELD_MAX_LENGTH.di),
});

const common = {
  id: z.string().min(1).max(FIELD_MAX_LENGTH.id),
  channel,
  pgTxId: text(FIELD_MAX_LENGTH.pgTxId),
};

export const identityVerificationSchema = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("VERIFIED"),
    ...common,
    verifiedCustomer,
    verifiedAt,
  }),
  z.object({ status: z.literal("READY"), ...common }),
  z.object({ status: z.literal("FAILED"), ...common }),
]);

/** The statuses this client understands; any other is never taken for verified. */
export const KNOWN_STATUSES: ReadonlySet<string> = new Set(["READY", "VERIFIED", "FAILED"]);

/** The error body, `{"type", "message"}`: only `type` is read (the message may echo input). */
export const errorBodySchema = z.object({ type: z.string() });

export type WireIdentityVerification = z.infer<typeof identityVerificationSchema>;
