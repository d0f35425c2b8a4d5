-- A signal imported from an event dataset (GDELT, ACLED) keeps the
-- dataset's own id for the event, so importing it again updates it.
ALTER TABLE signal ADD COLUMN event_ref TEXT;
CREATE INDEX signal_event_ref ON signal(event_ref) WHERE event_ref IS NOT NULL;
