-- The one clock of leads.updated_at (and of a new lead's created_at): a lead's write takes it as
-- its transaction's last statement and holds its row lock until the commit, so leads become
-- visible in the order of their timestamps and a client paging by updatedAt never passes a change
-- that is still to commit (store LeadClock; docs/DECISIONS.md, "Apten parity").
CREATE TABLE lead_clock (
    id SMALLINT PRIMARY KEY,
    at TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO lead_clock (id, at)
SELECT 1, COALESCE(MAX(stamped), TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00')
FROM (SELECT MAX(updated_at) AS stamped FROM leads
      UNION ALL SELECT MAX(created_at) FROM leads) latest;
