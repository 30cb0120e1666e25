-- One-off texts (POST /v1/leads/{id}/sendMessage). The text stays here, never in a workflow
-- history: the send activity reads it by id. A message is pending while no completed delivery
-- carries its key ({leadId}:msg:{id}); an embedded run re-creates its workflows with the pending,
-- accepted ones. accepted is set once the lead's workflow took the message: a row left unaccepted
-- (the request failed before the workflow answered) is reused by the retried request, never sent
-- on its own. idempotency_key is the caller's Idempotency-Key header, when given.
CREATE TABLE lead_messages (
    id                      VARCHAR(36)  PRIMARY KEY,
    lead_id                 VARCHAR(64)  NOT NULL,
    idempotency_key         VARCHAR(200),
    request_hash            VARCHAR(64)  NOT NULL,
    body                    VARCHAR      NOT NULL,
    send_at                 TIMESTAMP WITH TIME ZONE NOT NULL,
    override_business_hours BOOLEAN      NOT NULL,
    send_when_off           BOOLEAN      NOT NULL,
    schedule_follow_ups     BOOLEAN      NOT NULL,
    accepted                BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at              TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX lead_messages_by_lead ON lead_messages (lead_id, created_at);
