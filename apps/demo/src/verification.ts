/**
 * One verification of the demo, through either provider. Provider names are the ones the
 * outcome events carry (`provider`); V1 and V2 are what the person running the demo reads.
 */
export type DemoProvider = "iamport" | "portone";

export interface Verification {
  readonly provider: DemoProvider;
  /** The imp_uid (V1) or identityVerificationId (V2). */
  readonly id: string;
}

/** Both providers, in the order the summary shows them. */
export const DEMO_PROVIDERS: readonly DemoProvider[] = ["iamport", "portone"];

/** How the summary and messages name each provider. */
export const PROVIDER_LABEL: Readonly<Record<DemoProvider, string>> = {
  iamport: "V1",
  portone: "V2",
};

/** The intake route of each provider and the body field carrying the id. */
export const INTAKE_ROUTE: Readonly<Record<DemoProvider, { path: string; field: string }>> = {
  iamport: { path: "/certifications", field: "imp_uid" },
  portone: { path: "/identity-verifications", field: "identityVerificationId" },
};

/** One key per verification: an imp_uid and a V2 id may in principle be the same string. */
export function verificationKey(provider: string, id: string): string {
  return `${provider}:${id}`;
}
