-- The retention sweep reads the people not yet erased whose last verification is older than the
-- retention, oldest first. This partial index serves that order and stops at the cutoff, instead
-- of a read of the whole users table per sweep. Built without CONCURRENTLY (the migrator runs
-- in a transaction): writes to users wait while it builds, seconds per million people.
CREATE INDEX "users_retention_idx" ON "users" USING btree ("last_certified_at") WHERE erased_at IS NULL;
