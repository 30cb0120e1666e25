-- Twilio status callbacks that arrive before their send is recorded (a call's busy/no-answer/
-- failed usually do: the SID is in the ledger only once the call activity completes). Kept here,
-- one row per (provider id, status), and recorded as DELIVERY_STATUS events by the ledger's
-- completion transaction of the send with that provider id. Rows nobody claims (another system's
-- sends on the same account) are dropped after a week.
CREATE TABLE early_status_callbacks (
    provider_id VARCHAR(64) NOT NULL,
    status      VARCHAR(32) NOT NULL,
    data        VARCHAR     NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (provider_id, status)
);
CREATE INDEX early_status_callbacks_by_age ON early_status_callbacks (received_at);

-- Row locks that serialise "no send has this provider id yet: keep the callback" with "the send
-- with this provider id completes: record what was kept", per hash bucket of the provider id.
CREATE TABLE status_callback_locks (
    bucket INTEGER PRIMARY KEY
);
INSERT INTO status_callback_locks (bucket) VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12),(13),(14),(15),(16),(17),(18),(19),(20),(21),(22),(23),(24),(25),(26),(27),(28),(29),(30),(31),(32),(33),(34),(35),(36),(37),(38),(39),(40),(41),(42),(43),(44),(45),(46),(47),(48),(49),(50),(51),(52),(53),(54),(55),(56),(57),(58),(59),(60),(61),(62),(63);

-- Inbound texts whose lead's workflow has not been told yet (Temporal unreachable when the text
-- came): the API's sweeper tells it later, oldest first.
ALTER TABLE inbound_messages ADD COLUMN workflow_pending BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX inbound_messages_workflow_pending ON inbound_messages (workflow_pending, received_at);

-- A lead created with a phone that texted STOP before any lead had it is created opted out: the
-- latest keyword from the number (rows of unknown senders keep the sender's E.164 number).
CREATE INDEX inbound_messages_by_from_phone ON inbound_messages (from_phone, received_at);
