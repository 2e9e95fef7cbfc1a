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
  uuid,
} from "drizzle-orm/pg-core";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * One row per person, whichever provider verified them, so one person verified through V1 and
 * V2 is one row. `user_id` is the stable public id; people are merged on `ci_hash` (the keyed
 * hash of the CI), never on the CI itself. `ci`, `di`, `name` and `phone` hold ciphertexts in
 * the public format of @cert/pii; erasure clears every personal column (and `ci_hash`, so a
 * later verification of the same person starts a new row) and sets `erased_at`.
 * The newest verification (by certified_at) wins: `last_provider` / `last_verification_id` name
 * it; `last_imp_uid` is its imp_uid when it came from V1 (null when from V2), kept for V1 readers.
 */
export const users = pgTable(
  "users",
  {
    userId: uuid("user_id").primaryKey().defaultRandom(),
    ciHash: text("ci_hash").unique("users_ci_hash_unique"),
    ci: text("ci"),
    di: text("di"),
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
    erasedAt: timestamptz("erased_at"),
  },
  (t) => [
    // The retention sweep's scan, oldest first: as small as the people not yet erased, and read
    // only up to the cutoff instead of the whole table.
    index("users_retention_idx").on(t.lastCertifiedAt).where(sql`erased_at IS NULL`),
  ],
);

/**
 * Clear-text personal values of rows written before encryption, moved here by the migration
 * (which holds no keys) and emptied by `npm run pii:convert`, which encrypts them into `users`.
 * Workers refuse to start while it holds rows. Internal: not among the tables downstream reads.
 */
export const piiConversionBacklog = pgTable("pii_conversion_backlog", {
  userId: uuid("user_id").primaryKey(),
  uniqueKey: text("unique_key").notNull(),
  uniqueInSite: text("unique_in_site"),
  name: text("name"),
  phone: text("phone"),
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
    userId: uuid("user_id").references(() => users.userId),
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
    index("certifications_user_id_idx").on(t.userId),
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
    /** `certification.age_checked` or `user.erased`: the stream entry's `type`. */
    type: text("type").notNull().default("certification.age_checked"),
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
