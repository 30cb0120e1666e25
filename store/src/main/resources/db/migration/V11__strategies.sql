-- The strategy catalogue (issue 11). A strategy is never deleted: deactivating keeps its history.
CREATE TABLE strategies (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    channel     VARCHAR(16)  NOT NULL,
    template    VARCHAR      NOT NULL,
    subject     VARCHAR,
    active      BOOLEAN      NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX strategies_by_channel ON strategies (channel, active);

-- The strategy each send picked, kept under the send's idempotency key before the hand-over: a
-- retried or resumed attempt sends the same one. strategy_id NULL: the channel's default message.
CREATE TABLE strategy_picks (
    idempotency_key VARCHAR(200) PRIMARY KEY,
    strategy_id     VARCHAR(64),
    picked_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Replies credited to a strategy: one row per credited send (its event), however many replies.
CREATE TABLE strategy_replies (
    credited_event_id VARCHAR(64)  PRIMARY KEY,
    strategy_id       VARCHAR(64)  NOT NULL,
    follow_up_step    INTEGER,
    credited_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX strategy_replies_by_strategy ON strategy_replies (strategy_id);

-- sends per strategy (the results and every "auto" pick count them)
CREATE INDEX deliveries_by_strategy ON deliveries (strategy_id);
