-- The lead's consent as last recorded (SPEC "Compliance", consent provenance): a JSON object
-- {source, capturedAt, text, url} written by create and PATCH; NULL while none was given. Each
-- recording is a CONSENT_RECORDED event too, with the whole object: the events are its history.
-- REQUIRE_CONSENT_FOR blocks sends on its channels while this is NULL.
ALTER TABLE leads ADD COLUMN consent VARCHAR;
