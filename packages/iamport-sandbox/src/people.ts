import { seoulMidnightUnixSeconds } from "@cert/calendar";
import { base64Digest, between, fnv1a, pick, seededRandom } from "./deterministic";

/**
 * The people behind generated certifications. Each pool holds {@link POOL_SIZE} people whose
 * birthdays put them on one side of the age line for every certification date the generator
 * uses (2026-01-02 .. 2026-03-31, Asia/Seoul), so an imp_uid's outcome follows from its shape.
 */
export type PoolName = "adult" | "minor" | "turning-19" | "no-birthday";

/** People per pool; the two "person" digits of an imp_uid pick one (00-99). */
export const POOL_SIZE = 100;

export interface Person {
  readonly name: string;
  readonly gender: "male" | "female";
  /** `YYYY-MM-DD`. */
  readonly birthday: string;
  /** Unix seconds at 00:00 Asia/Seoul of the birthday (the legacy `birth` field). */
  readonly birth: number;
  readonly foreigner: boolean;
  /** CI: 88 base64 characters, the person key. */
  readonly uniqueKey: string;
  /** DI: 64 base64 characters. */
  readonly uniqueInSite: string;
  /** Numbers the person has had: later certifications may show a different one. */
  readonly phones: readonly { readonly phone: string; readonly carrier: string }[];
}

const SURNAMES = [
  "김",
  "이",
  "박",
  "최",
  "정",
  "강",
  "조",
  "윤",
  "장",
  "임",
  "한",
  "오",
  "서",
  "신",
  "권",
  "황",
  "안",
  "송",
  "류",
  "홍",
];
const MALE_NAMES = [
  "민준",
  "서준",
  "도윤",
  "예준",
  "시우",
  "하준",
  "주원",
  "지호",
  "준서",
  "현우",
  "성민",
  "영호",
  "정훈",
  "상철",
  "동현",
  "재원",
];
const FEMALE_NAMES = [
  "서연",
  "서윤",
  "지우",
  "서현",
  "민서",
  "하은",
  "하윤",
  "윤서",
  "지민",
  "채원",
  "수진",
  "미경",
  "은정",
  "지영",
  "혜진",
  "유나",
];
const CARRIERS = ["SKT", "KT", "LGT", "SKT_MVNO", "KT_MVNO", "LGT_MVNO"];

/** Birthday ranges per pool, inclusive, chosen against the 2026 Q1 certification window. */
const BIRTHDAY_RANGES: Record<PoolName, { from: string; to: string }> = {
  // Born 2006 or earlier: at least 19 completed years on any date of the window.
  adult: { from: "1956-01-01", to: "2006-12-31" },
  // Born 2008 or later: under 19 by either rule.
  minor: { from: "2008-01-01", to: "2012-12-31" },
  // Born in 2007 after the window: 19 by calendar year, still 18 in completed years.
  "turning-19": { from: "2007-05-01", to: "2007-12-31" },
  "no-birthday": { from: "1970-01-01", to: "2000-12-31" },
};

/**
 * Adults whose birthday fell in Korean daylight saving time: their `birth` is 00:00 KDT
 * (UTC+10), which a fixed +09:00 conversion turns into the previous day.
 */
const DST_BIRTHDAYS: Readonly<Record<number, string>> = { 7: "1988-07-15", 8: "1987-06-20" };

const DAY_MS = 86_400_000;

function birthdayFor(pool: PoolName, index: number, random: () => number): string {
  const fixed = pool === "adult" ? DST_BIRTHDAYS[index] : undefined;
  if (fixed !== undefined) return fixed;
  const range = BIRTHDAY_RANGES[pool];
  const from = Date.parse(range.from);
  const days = (Date.parse(range.to) - from) / DAY_MS;
  return new Date(from + between(0, days, random) * DAY_MS).toISOString().slice(0, 10);
}

function phoneNumber(random: () => number): string {
  return `010${String(between(0, 99_999_999, random)).padStart(8, "0")}`;
}

function createPerson(pool: PoolName, index: number): Person {
  const random = seededRandom(fnv1a(`person:${pool}:${index}`));
  const gender = random() < 0.5 ? "male" : "female";
  const given = pick(gender === "male" ? MALE_NAMES : FEMALE_NAMES, random);
  const name = `${pick(SURNAMES, random)}${given}`;
  const birthday = birthdayFor(pool, index, random);
  const phones = [0, 1, 2].map(() => ({
    phone: phoneNumber(random),
    carrier: pick(CARRIERS, random),
  }));
  return {
    name,
    gender,
    birthday,
    birth: seoulMidnightUnixSeconds(birthday),
    foreigner: index % 50 === 49,
    uniqueKey: base64Digest("sha512", `ci:${pool}:${index}`),
    uniqueInSite: base64Digest("sha384", `di:${pool}:${index}`),
    phones,
  };
}

// People are built on first use and kept: a pool is tiny, and requests stay cheap under load.
const cache = new Map<string, Person>();

/** The person `index` (0-99, taken modulo the pool size) of `pool`. */
export function personOf(pool: PoolName, index: number): Person {
  const slot = ((index % POOL_SIZE) + POOL_SIZE) % POOL_SIZE;
  const key = `${pool}:${slot}`;
  let person = cache.get(key);
  if (person === undefined) {
    person = createPerson(pool, slot);
    cache.set(key, person);
  }
  return person;
}
