-- Inbound texts (POST /v1/webhooks/twilio/sms): one row per Twilio MessageSid, so a callback
-- Twilio sends again is recorded once. lead_id is null for a sender no lead has (kept, so an
-- operator can see who wrote); kind is REPLY, OPT_OUT, OPT_IN or HELP.
CREATE TABLE inbound_messages (
    message_sid VARCHAR(64)  PRIMARY KEY,
    lead_id     VARCHAR(64),
    from_phone  VARCHAR(64)  NOT NULL,
    to_phone    VARCHAR(64),
    kind        VARCHAR(16)  NOT NULL,
    body        VARCHAR,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX inbound_messages_by_lead ON inbound_messages (lead_id, received_at);

-- Status callbacks (POST /v1/webhooks/twilio/status) find the send by the provider's id.
CREATE INDEX deliveries_by_provider_id ON deliveries (provider_id);
