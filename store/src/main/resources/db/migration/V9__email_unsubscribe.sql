-- Email opt-out (SPEC "Conversations"): a lead that followed its unsubscribe link gets no more
-- emails; texts and calls stay governed by is_unsubscribed (the SMS opt-out).
ALTER TABLE leads ADD COLUMN email_unsubscribed BOOLEAN NOT NULL DEFAULT FALSE;

-- Secrets the service generates for itself, once, so every process and restart agrees on them:
-- 'unsubscribe' signs the email unsubscribe links when UNSUBSCRIBE_SECRET is not set. The first
-- process to need one inserts it; the others read that one (the primary key settles a race).
CREATE TABLE service_secrets (
    name       VARCHAR(64)  PRIMARY KEY,
    secret     VARCHAR(200) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
