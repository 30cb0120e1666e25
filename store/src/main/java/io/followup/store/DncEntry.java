package io.followup.store;

import java.time.Instant;

/**
 * A number on the Do-Not-Contact list (V15).
 *
 * @param phone E.164
 * @param source {@link DncList#API} or {@link DncList#KEYWORD}
 */
public record DncEntry(String phone, String source, Instant createdAt) {}
