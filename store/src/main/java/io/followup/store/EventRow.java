package io.followup.store;

import java.time.Instant;

public record EventRow(long id, String leadId, String type, Instant occurredAt, String data) {}
