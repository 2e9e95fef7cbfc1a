/** Which provider answered a verification: i'mport V1 or PortOne V2. */
export type VerificationProvider = "iamport" | "portone";

/** Attribute names every span of a verification carries; the values are ids, never personal data. */
export const VERIFICATION_PROVIDER = "verification.provider";
export const VERIFICATION_ID = "verification.id";

/** The attributes naming one verification: its provider and its id (imp_uid or identityVerificationId). */
export function verificationAttributes(
  provider: VerificationProvider,
  id: string,
): Record<string, string> {
  return { [VERIFICATION_PROVIDER]: provider, [VERIFICATION_ID]: id };
}
