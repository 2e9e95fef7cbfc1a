import type { CertificationRecord } from "@cert/db";
import type { Provider } from "@cert/queue";

/**
 * What a provider said about one verification, provider-neutral:
 * - `found`: a final answer, certified or not (V1 `certified: false`, V2 `FAILED`);
 * - `pending`: not finished yet (V2 `READY`): ask again later;
 * - `not_found`: the provider has no such verification.
 */
export type SourceAnswer =
  | { readonly kind: "found"; readonly record: CertificationRecord }
  | { readonly kind: "pending" }
  | { readonly kind: "not_found" };

/**
 * One provider behind the processor. `fetch` throws the provider client's typed errors for
 * everything else (see provider-errors.ts).
 */
export interface VerificationSource {
  readonly provider: Provider;
  fetch(id: string): Promise<SourceAnswer>;
}
