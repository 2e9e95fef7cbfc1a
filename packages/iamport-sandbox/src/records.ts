import { seoulMidnightUnixSeconds } from "@cert/calendar";
import { fnv1a } from "./deterministic";
import { type Person, personOf } from "./people";
import { impUidDigits, type SandboxShape, sandboxShapeOf } from "./shapes";

/** A certification object exactly as the provider puts it in `response` (any JSON). */
export type RawCertification = Record<string, unknown>;

/** First day of the certification window: 2026-01-02 00:00 Asia/Seoul. */
const WINDOW_START = seoulMidnightUnixSeconds("2026-01-02");
/** 2026-01-02 .. 2026-03-31 inclusive: every generated certification is in the past. */
const WINDOW_SECONDS = 89 * 86_400;
const PG_PROVIDERS = ["danal", "inicis_unified", "kcp_v2"] as const;

// A long `data:` origin, as a page embedded in a WebView reports it.
const DATA_ORIGIN = `data:text/html;base64,${Buffer.from(
  "<html><body><form id='certification'>".repeat(24),
).toString("base64")}`;

interface Variation {
  readonly digits: string;
  readonly hash: number;
  readonly certifiedAt: number;
}

function pgTid(v: Variation): string {
  // certified_at is in 2026, when Seoul is plainly UTC+9: no time-zone lookup on the hot path.
  const stamp = new Date((v.certifiedAt + 9 * 3600) * 1000)
    .toISOString()
    .slice(0, 10)
    .replaceAll("-", "");
  return `${stamp}${String(v.hash % 1_000_000_000).padStart(9, "0")}`;
}

function base(v: Variation, pgProvider: string): RawCertification {
  return {
    imp_uid: `imp_${v.digits}`,
    merchant_uid: `mid_${v.digits}`,
    pg_tid: pgTid(v),
    pg_provider: pgProvider,
  };
}

function personal(person: Person, v: Variation): RawCertification {
  // A person may change numbers: which one a certification shows depends on the imp_uid.
  const line = person.phones[v.hash % person.phones.length];
  return {
    name: person.name,
    gender: person.gender,
    birth: person.birth,
    birthday: person.birthday,
    foreigner: person.foreigner,
    phone: line?.phone,
    carrier: line?.carrier,
    certified: true,
    certified_at: v.certifiedAt,
    unique_key: person.uniqueKey,
    unique_in_site: person.uniqueInSite,
  };
}

function without(record: RawCertification, ...keys: string[]): RawCertification {
  const copy = { ...record };
  for (const key of keys) delete copy[key];
  return copy;
}

function build(shape: SandboxShape, v: Variation): RawCertification | null {
  const pg = PG_PROVIDERS[v.hash % PG_PROVIDERS.length] ?? "danal";
  const person = personOf(shape.pool ?? "adult", Number(v.digits.slice(-3, -1) || "0"));
  // KG Inicis unified never gives a DI.
  const full = (provider: string) => {
    const record = { ...base(v, provider), ...personal(person, v) };
    return provider === "inicis_unified" ? without(record, "unique_in_site") : record;
  };
  switch (shape.name) {
    case "full":
    case "minor":
    case "turning-19": {
      const record = full(pg);
      // Some full records carry the page origin, which clients must ignore.
      return v.hash % 2 === 1 ? { ...record, origin: "https://shop.example.co.kr/verify" } : record;
    }
    case "no-phone":
      return without(full(pg), "phone", "carrier");
    case "no-unique-key":
      return without(full("kakaopay"), "unique_key", "unique_in_site");
    case "no-birthday":
      return without(full(pg), "birth", "birthday");
    case "birth-only":
      return without(full(pg), "birthday");
    case "not-certified":
      return {
        ...base(v, pg),
        name: null,
        gender: null,
        birthday: null,
        foreigner: false,
        foreigner_v2: null,
        certified: false,
        certified_at: 0,
        unique_key: null,
        unique_in_site: null,
      };
    case "extra-fields":
      return {
        ...full(pg),
        origin: v.hash % 2 === 0 ? "https://m.shop.example.co.kr/adult/verify?step=2" : DATA_ORIGIN,
        foreigner_v2: v.hash % 3 === 0 ? null : person.foreigner,
        provider_extra: { auth_method: "PASS_APP", version: 2 },
      };
    case "not-found":
      return null;
  }
}

/**
 * The certification the sandbox serves for `impUid` when nothing is registered for it: a pure
 * function of the id (see {@link SANDBOX_SHAPES} for the mapping). Null means HTTP 404: ids of
 * the `not-found` shape and anything that is not `imp_` + digits.
 */
export function generateCertification(impUid: string): RawCertification | null {
  const digits = impUidDigits(impUid);
  const shape = sandboxShapeOf(impUid);
  if (digits === null || shape === null) return null;
  const hash = fnv1a(digits);
  return build(shape, { digits, hash, certifiedAt: WINDOW_START + (hash % WINDOW_SECONDS) });
}
