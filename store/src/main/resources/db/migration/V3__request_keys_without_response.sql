-- A repeated Idempotency-Key answers the same fixed body; the stored copy was never read.
ALTER TABLE request_keys DROP COLUMN response;
