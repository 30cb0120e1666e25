package io.followup.api.core.view;

/**
 * {@code GET /v1/dnc/{phone}}: a number on the Do-Not-Contact list.
 *
 * @param phone E.164
 * @param source {@code API} (registered with {@code POST /v1/dnc/register}) or {@code KEYWORD} (the
 *     number texted an opt-out keyword; an opt-in keyword from it removes it)
 * @param createdAt ISO-8601 UTC, when it was listed
 */
public record DncEntryView(String phone, String source, String createdAt) {}
