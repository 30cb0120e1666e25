package io.followup.api.core.view;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One item's answer in {@code POST /v1/leads/batch}: {@code status} is what the single request
 * would have answered (200, 400, 404, 409, 503); {@code id} on 200, {@code message} otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchResult(int index, int status, String id, String message) {}
