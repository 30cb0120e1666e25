-- The send switch (issue 22): one row per channel an operator ever paused or resumed. A due send on
-- a paused channel waits; the worker's send-rules activity reads this table at every due send.
CREATE TABLE send_switch (
    channel    VARCHAR(16) PRIMARY KEY,
    paused     BOOLEAN NOT NULL,
    reason     VARCHAR(2000),
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_by VARCHAR(32) NOT NULL
);

-- Sender pacing (issue 22): the next free slot of each sender (a text number, an email address),
-- and the slot each send reserved, by its idempotency key, so the workflow's second question for
-- the same send finds its own slot. Old slots are deleted as new ones are taken.
CREATE TABLE sender_pace (
    sender  VARCHAR(400) PRIMARY KEY,
    next_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE sender_slots (
    send_key VARCHAR(400) PRIMARY KEY,
    sender   VARCHAR(400) NOT NULL,
    slot_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX sender_slots_by_sender ON sender_slots (sender, slot_at);
