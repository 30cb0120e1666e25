-- Inbound emails read from the reply mailbox (issue 21): one row per Message-ID (its SHA-256, hex:
-- ids may be up to 998 characters), so an email handed over again (a crash between its handling
-- and its marking in the mailbox) is recorded once. Only emails matched to a lead are kept; kind is
-- REPLY, AUTO_REPLY, BOUNCE, DELAYED or COMPLAINT; no address, subject or text is kept here (the
-- lead's events hold what the lead wrote, and a lead's erasure erases those).
CREATE TABLE inbound_emails (
    message_key      VARCHAR(64)  PRIMARY KEY,
    lead_id          VARCHAR(64)  NOT NULL,
    kind             VARCHAR(16)  NOT NULL,
    workflow_pending BOOLEAN      NOT NULL DEFAULT FALSE,
    received_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX inbound_emails_by_lead ON inbound_emails (lead_id, received_at);
