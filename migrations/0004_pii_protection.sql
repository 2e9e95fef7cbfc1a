-- Personal data protection: people get a public uuid (`user_id`) and are merged on `ci_hash`
-- (a keyed hash of the CI) instead of the CI itself; `ci`, `di`, `name` and `phone` hold
-- ciphertexts. A migration holds no keys, so existing clear-text values move to
-- `pii_conversion_backlog` and `npm run pii:convert` encrypts them back into `users` (workers
-- refuse to start until it has). Certifications and already-stored events point at the
-- person by `user_id`, resolved through the old key before the CI leaves those tables.
CREATE TABLE "pii_conversion_backlog" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"unique_key" text NOT NULL,
	"unique_in_site" text,
	"name" text,
	"phone" text
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "user_id" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "ci_hash" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "ci" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "di" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
INSERT INTO "pii_conversion_backlog" ("user_id", "unique_key", "unique_in_site", "name", "phone")
  SELECT "user_id", "unique_key", "unique_in_site", "name", "phone" FROM "users";--> statement-breakpoint
UPDATE "users" SET "name" = NULL, "phone" = NULL WHERE "name" IS NOT NULL OR "phone" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "certifications" ADD COLUMN "user_id" uuid;--> statement-breakpoint
UPDATE "certifications" c SET "user_id" = u."user_id" FROM "users" u WHERE u."unique_key" = c."unique_key";--> statement-breakpoint
ALTER TABLE "outcome_events" ADD COLUMN "type" text DEFAULT 'certification.age_checked' NOT NULL;--> statement-breakpoint
UPDATE "outcome_events" e
  SET "payload" = (e."payload" - 'unique_key') || jsonb_build_object('user_id',
    (SELECT u."user_id" FROM "users" u WHERE u."unique_key" = e."payload"->>'unique_key'))
  WHERE e."payload" ? 'unique_key';--> statement-breakpoint
ALTER TABLE "certifications" DROP CONSTRAINT "certifications_unique_key_users_unique_key_fk";--> statement-breakpoint
DROP INDEX "certifications_unique_key_idx";--> statement-breakpoint
ALTER TABLE "certifications" DROP COLUMN "unique_key";--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_pkey";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "unique_key";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "unique_in_site";--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_pkey" PRIMARY KEY ("user_id");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_ci_hash_unique" UNIQUE("ci_hash");--> statement-breakpoint
ALTER TABLE "certifications" ADD CONSTRAINT "certifications_user_id_users_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certifications_user_id_idx" ON "certifications" USING btree ("user_id");
