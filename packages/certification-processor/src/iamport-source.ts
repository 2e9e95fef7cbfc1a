import { type Certification, IamportNotFoundError } from "@cert/iamport";
import type { SourceAnswer, VerificationSource } from "./verification-source";

/** The i'mport V1 call the processor needs; `IamportClient` implements it. */
export interface IamportCertificationClient {
  getCertification(impUid: string): Promise<Certification>;
}

/** i'mport V1 as a {@link VerificationSource}: a certification is always a final answer. */
export function createIamportSource(client: IamportCertificationClient): VerificationSource {
  return {
    provider: "iamport",
    async fetch(impUid): Promise<SourceAnswer> {
      let c: Certification;
      try {
        c = await client.getCertification(impUid);
      } catch (err) {
        if (err instanceof IamportNotFoundError) return { kind: "not_found" };
        throw err;
      }
      return {
        kind: "found",
        record: {
          uniqueKey: c.uniqueKey,
          uniqueInSite: c.uniqueInSite,
          name: c.name,
          gender: c.gender,
          birthday: c.birthday,
          phone: c.phone,
          carrier: c.carrier,
          foreigner: c.foreigner,
          merchantUid: c.merchantUid,
          pgProvider: c.pgProvider,
          pgTid: c.pgTid,
          certified: c.certified,
          certifiedAt: c.certifiedAt,
        },
      };
    },
  };
}
