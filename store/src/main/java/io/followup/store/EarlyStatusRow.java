package io.followup.store;

import java.time.Instant;

/** A status callback kept until its send is recorded; {@code data} is the event's status part. */
public record EarlyStatusRow(String providerId, String status, String data, Instant receivedAt) {}
