package io.followup.api.core.view;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of a lead, as {@code GET /v1/leads/{id}/events} shows it.
 *
 * @param id a string, as Apten's ids are (ours are numbers in commit order, written as text)
 * @param timestamp when it happened
 * @param updatedAt when it last changed (a delivery status landing on a send moves its event)
 * @param actor who caused it
 * @param requestId the request it came with (a send: the request that armed its step); null when
 *     none
 */
public record EventView(
    String id,
    String type,
    String timestamp,
    String updatedAt,
    ActorView actor,
    String requestId,
    JsonNode data) {}
