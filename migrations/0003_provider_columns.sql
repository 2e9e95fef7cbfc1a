-- PortOne V2 beside i'mport V1: a certification is keyed by (provider, verification_id); V1
-- rows keep imp_uid (unique, so V1 readers' lookups stay one index probe), V2 rows leave it null.
-- Existing rows are all V1: they are backfilled before the constraints that need the values.
ALTER TABLE "certifications" ADD COLUMN "provider" text;--> statement-breakpoint
ALTER TABLE "certifications" ADD COLUMN "verification_id" text;--> statement-breakpoint
UPDATE "certifications" SET "provider" = 'iamport', "verification_id" = "imp_uid";--> statement-breakpoint
ALTER TABLE "certifications" ALTER COLUMN "provider" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "certifications" ALTER COLUMN "verification_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "certifications" DROP CONSTRAINT "certifications_pkey";--> statement-breakpoint
ALTER TABLE "certifications" ALTER COLUMN "imp_uid" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "certifications" ADD CONSTRAINT "certifications_pkey" PRIMARY KEY("provider","verification_id");--> statement-breakpoint
CREATE UNIQUE INDEX "certifications_imp_uid_idx" ON "certifications" USING btree ("imp_uid");--> statement-breakpoint
ALTER TABLE "certifications" ADD CONSTRAINT "certifications_provider_check" CHECK ("certifications"."provider" IN ('iamport', 'portone'));--> statement-breakpoint
ALTER TABLE "outcome_events" ALTER COLUMN "imp_uid" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "last_provider" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "last_verification_id" text;--> statement-breakpoint
UPDATE "users" SET "last_provider" = 'iamport', "last_verification_id" = "last_imp_uid" WHERE "last_imp_uid" IS NOT NULL;
