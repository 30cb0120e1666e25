-- Apten's lead fields (issue 18). external_lead_id: the caller's CRM id, at most 255 code points
-- (twice as many UTF-16 units, as V5 explains); is_hot, is_qualified, summary: set by PATCH only;
-- deleted_at: when the lead was erased (null while it is not).
ALTER TABLE leads ADD COLUMN external_lead_id VARCHAR(510);
ALTER TABLE leads ADD COLUMN is_hot BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE leads ADD COLUMN is_qualified BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE leads ADD COLUMN summary VARCHAR;
ALTER TABLE leads ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;

-- GET /v1/leads pages oldest first by (created_at, id), or by (updated_at, id) with updatedSince:
-- leads_newest (V1) already serves the first order; the second gets its tie-breaker here.
DROP INDEX leads_updated;
CREATE INDEX leads_by_updated ON leads (updated_at, id);

-- lastActivityAt: the latest event of a lead, read by GET and the list.
CREATE INDEX lead_events_by_lead_time ON lead_events (lead_id, occurred_at);

-- DELETE /v1/leads/{id} erases the phone; an erased lead keeps its row (deleted_at) for list sync.
ALTER TABLE leads ALTER COLUMN phone DROP NOT NULL;
