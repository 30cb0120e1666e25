-- Audit: who caused each event (an API key by its short hash, an operator command, an inbound
-- message, the system) and the request it came with. Events written before this migration did not
-- record it: they read as the system with a null id (no rewrite of the table: a constant default).
ALTER TABLE lead_events ADD COLUMN actor_type VARCHAR(16) DEFAULT 'system' NOT NULL;
ALTER TABLE lead_events ADD COLUMN actor_id VARCHAR(400);
ALTER TABLE lead_events ADD COLUMN request_id VARCHAR(128);
-- GET /v1/audit: every lead's events by time
CREATE INDEX lead_events_by_time ON lead_events (occurred_at, id);

-- The idempotencyKey of a create (POST /v1/leads/batch items): the lead it created and the hash of
-- the body, so a repeat answers the same id and a reuse with another body is refused.
CREATE TABLE create_keys (
    idempotency_key VARCHAR(200) PRIMARY KEY,
    lead_id         VARCHAR(64)  NOT NULL,
    request_hash    VARCHAR(64)  NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
