-- Drops the per-row NOTIFY of 0001. Every committing transaction that called pg_notify took the
-- global notification-queue lock, which serialised the workers' commits, and nothing needs it
-- any more: the worker that commits an outcome publishes it itself right after the commit, and
-- relays sweep (poll) only for rows a crashed or cut-off writer left unpublished.
DROP TRIGGER IF EXISTS outcome_events_notify ON outcome_events;
--> statement-breakpoint
DROP FUNCTION IF EXISTS outcome_events_notify();
