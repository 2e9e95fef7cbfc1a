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
  text,
  timestamp,
} from "drizzle-orm/pg-core";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** One row per person, keyed by the provider's `unique_key` (CI). Personal data lives here only. */
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
  createdAt: timestamptz("created_at").notNull().defaultNow(),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
});

/**
 * One row per imp_uid that reached a final state, with the outcome as first recorded. Provider
 * columns are null for `not_found`.
 */
export const certifications = pgTable(
  "certifications",
  {
    impUid: text("imp_uid").primaryKey(),
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
    // Serves the foreign key (deleting a user) and "every certification of this person".
    index("certifications_unique_key_idx").on(t.uniqueKey),
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
    impUid: text("imp_uid").notNull(),
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
