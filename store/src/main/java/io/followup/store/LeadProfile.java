package io.followup.store;

/**
 * The fields of a lead that the API's writes set with the projection ({@link
 * LeadStatements#update}): create after its workflow started, PATCH. {@code additionalInfo} is JSON
 * text.
 */
public record LeadProfile(
    String email,
    String timezone,
    String additionalInfo,
    String externalLeadId,
    boolean isHot,
    boolean isQualified,
    String summary,
    String state) {}
