CREATE TABLE "certifications" (
	"imp_uid" text PRIMARY KEY NOT NULL,
	"unique_key" text,
	"merchant_uid" text,
	"pg_provider" text,
	"pg_tid" text,
	"certified" boolean,
	"certified_at" timestamp with time zone,
	"outcome" text NOT NULL,
	"age" integer,
	"age_min" integer NOT NULL,
	"age_rule" text NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "certifications_outcome_check" CHECK ("certifications"."outcome" IN ('passed', 'failed', 'not_certified', 'no_birthday', 'not_found')),
	CONSTRAINT "certifications_age_rule_check" CHECK ("certifications"."age_rule" IN ('calendar-year', 'full-years'))
);
--> statement-breakpoint
CREATE TABLE "outcome_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"imp_uid" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"claimed_until" timestamp with time zone,
	CONSTRAINT "outcome_events_event_id_unique" UNIQUE("event_id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"unique_key" text PRIMARY KEY NOT NULL,
	"unique_in_site" text,
	"name" text,
	"gender" text,
	"birthday" date,
	"phone" text,
	"carrier" text,
	"foreigner" boolean,
	"first_certified_at" timestamp with time zone,
	"last_certified_at" timestamp with time zone,
	"last_imp_uid" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "certifications" ADD CONSTRAINT "certifications_unique_key_users_unique_key_fk" FOREIGN KEY ("unique_key") REFERENCES "public"."users"("unique_key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certifications_unique_key_idx" ON "certifications" USING btree ("unique_key");--> statement-breakpoint
CREATE INDEX "outcome_events_unpublished_idx" ON "outcome_events" USING btree ("id") WHERE published_at IS NULL;