/**
 * The tables downstream services read (their columns are part of the public contract). Changes
 * only by new migration files: edit this file, then `npm run db:generate`; never edit an applied
 * migration.
 *
 * Timestamps are `timestamptz`; `birthday` is a `date` read as a `YYYY-MM-DD` string (a JS Date
 * would shift it by the host's time zone).
 */
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * One row per person, keyed by the CI (`unique_key`) whichever provider gave it, so one person
 * verified through V1 and V2 is one row. Personal data lives here only. The newest verification
 * (by certified_at) wins: `last_provider` / `last_verification_id` name it; `last_imp_uid` is
 * its imp_uid when it came from V1 (null when from V2), kept for V1 readers.
 */
export const users = pgTable("users", {
  uniqueKey: text("unique_key").primaryKey(),
  uniqueInSite: text("unique_in_site"),
  name: text("name"),
  gender: text("gender"),
  birthday: date("birthday", { mode: "string" }),
  phone: text("phone"),
  carrier: text("carrier"),
  foreigner: boolean("foreigner"),
  firstCertifiedAt: timestamptz("first_certified_at"),
  lastCertifiedAt: timestamptz("last_certified_at"),
  lastImpUid: text("last_imp_uid"),
  lastProvider: text("last_provider"),
  lastVerificationId: text("last_verification_id"),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
});

/**
 * One row per verification (provider + id) that reached a final state, with the outcome as
 * first recorded. Provider columns are null for `not_found`. `imp_uid` equals `verification_id`
 * on V1 rows and is null on V2 rows; its unique index keeps V1 readers' `WHERE imp_uid = $1` a
 * single index lookup.
 */
export const certifications = pgTable(
  "certifications",
  {
    provider: text("provider").notNull(),
    verificationId: text("verification_id").notNull(),
    impUid: text("imp_uid"),
    uniqueKey: text("unique_key").references(() => users.uniqueKey),
    merchantUid: text("merchant_uid"),
    pgProvider: text("pg_provider"),
    pgTid: text("pg_tid"),
    certified: boolean("certified"),
    certifiedAt: timestamptz("certified_at"),
    outcome: text("outcome").notNull(),
    age: integer("age"),
    ageMin: integer("age_min").notNull(),
    ageRule: text("age_rule").notNull(),
    checkedAt: timestamptz("checked_at").notNull(),
  },
  (t) => [
    primaryKey({ name: "certifications_pkey", columns: [t.provider, t.verificationId] }),
    uniqueIndex("certifications_imp_uid_idx").on(t.impUid),
    // Serves the foreign key (deleting a user) and "every certification of this person".
    index("certifications_unique_key_idx").on(t.uniqueKey),
    check("certifications_provider_check", sql`${t.provider} IN ('iamport', 'portone')`),
    check(
      "certifications_outcome_check",
      sql`${t.outcome} IN ('passed', 'failed', 'not_certified', 'no_birthday', 'not_found')`,
    ),
    check("certifications_age_rule_check", sql`${t.ageRule} IN ('calendar-year', 'full-years')`),
  ],
);

/**
 * The transactional outbox and durable outcome log. `id` is a cursor for readers.
 *
 * `claimed_until` is internal to the outbox (not among the columns downstream reads): a relay
 * leases unpublished rows until then, publishes with no transaction open, then sets
 * `published_at`. See @cert/outbox's queries/claim-events.ts.
 */
export const outcomeEvents = pgTable(
  "outcome_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    eventId: text("event_id").notNull().unique(),
    /** V1 events only; the payload names the provider and verification id of every event. */
    impUid: text("imp_uid"),
    payload: jsonb("payload").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    publishedAt: timestamptz("published_at"),
    claimedUntil: timestamptz("claimed_until"),
  },
  (t) => [
    // The relay's scan: stays as small as the backlog, however long the log grows.
    index("outcome_events_unpublished_idx").on(t.id).where(sql`published_at IS NULL`),
  ],
);
