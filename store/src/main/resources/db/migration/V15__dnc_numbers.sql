-- The organisation's Do-Not-Contact list (SPEC "HTTP API", POST /v1/dnc/register): a text or call
-- to a listed number is never sent, whichever lead has it, now or later. Numbers are E.164, as
-- leads.phone is, so the worker matches a lead's phone by equality. source: API (registered through
-- the API; only the API removes it) or KEYWORD (the number texted an opt-out keyword; an opt-in
-- keyword from it removes it again).
CREATE TABLE dnc_numbers (
    phone      VARCHAR(32) PRIMARY KEY,
    source     VARCHAR(16) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
