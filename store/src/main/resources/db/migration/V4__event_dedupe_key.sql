-- An event written by a retried activity (a daily-cap deferral, say) carries a key that makes
-- the retry's insert a no-op.
ALTER TABLE lead_events ADD COLUMN dedupe_key VARCHAR(300);
CREATE UNIQUE INDEX lead_events_dedupe ON lead_events (lead_id, dedupe_key);
