-- The API's sweeper looks for re-sends of expired texts stored but not accepted by their workflow
-- (ExpiredResends): unaccepted rows by age, without reading every accepted message.
CREATE INDEX lead_messages_unaccepted ON lead_messages (accepted, created_at);
