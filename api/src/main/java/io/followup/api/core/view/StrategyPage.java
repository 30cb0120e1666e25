package io.followup.api.core.view;

import java.util.List;

/** {@code GET /v1/strategies}. */
public record StrategyPage(List<StrategyView> strategies) {}
