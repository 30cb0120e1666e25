package io.followup.api.core.command;

import java.time.Instant;

/**
 * Where and when the lead agreed to be contacted (SPEC "Compliance", consent provenance).
 *
 * @param source where it was captured ({@code web-form}, {@code paper}, a vendor's name), required
 * @param capturedAt when the lead gave it, required, not in the future
 * @param text the words the lead agreed to; null when not given
 * @param url the http(s) page it was captured on; null when not given
 */
public record Consent(String source, Instant capturedAt, String text, String url) {}
