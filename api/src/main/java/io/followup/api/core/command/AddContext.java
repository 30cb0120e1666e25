package io.followup.api.core.command;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A parsed, valid {@code addContext} body: at least one field is set.
 *
 * @param context free text kept on the lead and as a CONTEXT_ADDED event; null for none
 * @param additionalInfo merged as PATCH merges it; null for none
 * @param command Apten's free-text instruction, kept on the CONTEXT_ADDED event and executed by
 *     nothing (docs/DECISIONS.md); null for none
 */
public record AddContext(String context, ObjectNode additionalInfo, String command) {}
