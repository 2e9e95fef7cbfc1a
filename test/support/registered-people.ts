import { createHash } from "node:crypto";
import type { RawCertification, RunningSandbox } from "@cert/iamport-sandbox";

/** One certification of a registered person. */
export interface Visit {
  impUid: string;
  /** Unix seconds. */
  certifiedAt: number;
}

export interface RegisteredPerson {
  /** The person's CI, shared by every record. */
  uniqueKey: string;
  /** The records as registered, in the order given. */
  records: RawCertification[];
}

const NAMES = ["김하늘", "이하늘", "박하늘", "최하늘", "정하늘", "강하늘"];
const CARRIERS = ["SKT", "KT", "LGT", "SKT_MVNO", "KT_MVNO", "LGT_MVNO"];

/**
 * Registers in the sandbox one adult certified several times: the same CI under each imp_uid,
 * but a different name, phone and carrier each time (a name change, a new number), so which
 * certification the `users` profile came from is visible.
 */
export function registerPerson(
  sandbox: RunningSandbox,
  label: string,
  visits: readonly Visit[],
): RegisteredPerson {
  const digest = (salt: string) => createHash("sha512").update(`${label}:${salt}`).digest("base64");
  const uniqueKey = digest("ci");
  const records = visits.map(
    (visit, i): RawCertification => ({
      imp_uid: visit.impUid,
      merchant_uid: `mid_${label}_${i}`,
      pg_provider: "danal",
      pg_tid: `tid_${label}_${i}`,
      certified: true,
      certified_at: visit.certifiedAt,
      name: NAMES[i % NAMES.length],
      gender: "female",
      birthday: "1990-04-17",
      birth: 640_278_000,
      foreigner: false,
      phone: `0109${String(i).padStart(3, "0")}${String(visit.certifiedAt % 10_000).padStart(4, "0")}`,
      carrier: CARRIERS[i % CARRIERS.length],
      unique_key: uniqueKey,
      unique_in_site: digest("di").slice(0, 64),
    }),
  );
  for (const record of records) {
    sandbox.register(String(record.imp_uid), { kind: "record", certification: record });
  }
  return { uniqueKey, records };
}
