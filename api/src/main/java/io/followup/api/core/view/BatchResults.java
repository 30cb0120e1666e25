package io.followup.api.core.view;

import java.util.List;

/** {@code POST /v1/leads/batch}: a result per item, in the items' order. */
public record BatchResults(List<BatchResult> results) {}
