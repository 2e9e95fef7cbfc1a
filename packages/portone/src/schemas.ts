import { z } from "zod";

/**
 * Wire schemas of `GET /identity-verifications/{id}`. Objects strip what they do not name, so
 * unknown fields are ignored and `pgRawResponse` (the PG's raw answer, full of personal data)
 * never leaves the parser. Only what the service uses is checked.
 */
const text = z.string().nullish();

/** RFC 3339 with `Z` or an offset (PortOne sends both forms). */
const timestamp = z.iso.datetime({ offset: true });

/** `YYYY-MM-DD`, a real calendar date (no 02-30), in a plausible range. */
const birthDate = z.iso
  .date()
  .refine((value) => Number(value.slice(0, 4)) >= 1900 && Number(value.slice(0, 4)) <= 2100);

const channel = z.object({ pgProvider: text }).nullish();

const verifiedCustomer = z.object({
  name: z.string(),
  operator: text,
  phoneNumber: text,
  birthDate: z.union([birthDate, z.literal("")]).nullish(),
  gender: z.enum(["MALE", "FEMALE", "OTHER"]).nullish(),
  isForeigner: z.boolean().nullish(),
  ci: text,
  di: text,
});

const common = { id: z.string().min(1), channel, pgTxId: text };

export const identityVerificationSchema = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("VERIFIED"),
    ...common,
    verifiedCustomer,
    verifiedAt: timestamp,
  }),
  z.object({ status: z.literal("READY"), ...common }),
  z.object({ status: z.literal("FAILED"), ...common }),
]);

/** The statuses this client understands; any other is never taken for verified. */
export const KNOWN_STATUSES: ReadonlySet<string> = new Set(["READY", "VERIFIED", "FAILED"]);

/** The error body, `{"type", "message"}`: only `type` is read (the message may echo input). */
export const errorBodySchema = z.object({ type: z.string() });

export type WireIdentityVerification = z.infer<typeof identityVerificationSchema>;
