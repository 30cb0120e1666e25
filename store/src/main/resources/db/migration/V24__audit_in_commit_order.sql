-- GET /v1/audit lists events in the order they became visible, not by occurred_at: an event that
-- commits late with an earlier occurred_at is still listed after every event a client has paged
-- past. audit_seq is NULL until an audit read stamps it: the read locks audit_clock's one row,
-- takes the next number and gives it to every committed event without one (an uncommitted event
-- is not seen, so it gets a later number once committed). Events from before: 0, by id.
-- (store AuditDao; docs/DECISIONS.md, "The audit in commit order")
ALTER TABLE lead_events ADD COLUMN audit_seq BIGINT;
UPDATE lead_events SET audit_seq = 0;
CREATE INDEX lead_events_by_audit_seq ON lead_events (audit_seq, id);
CREATE TABLE audit_clock (
    id SMALLINT PRIMARY KEY,
    seq BIGINT NOT NULL
);
INSERT INTO audit_clock (id, seq) VALUES (1, 0);
