-- The workflow's state revision: the order in which stored projections may replace each other
-- (changes of lead facts move neither change_seq nor send_seq).
ALTER TABLE leads ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
