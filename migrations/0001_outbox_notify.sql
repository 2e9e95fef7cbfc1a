-- Wakes outbox relays as soon as an outcome is committed: NOTIFY is delivered only on commit,
-- so a listener never sees an id it cannot read yet. The payload is the new row's id (text).
-- Relays still poll on a timer, because notifications are lost while they are disconnected.
CREATE OR REPLACE FUNCTION outcome_events_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('outcome_events', NEW.id::text);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER outcome_events_notify
  AFTER INSERT ON outcome_events
  FOR EACH ROW EXECUTE FUNCTION outcome_events_notify();
