package io.followup.api.core;

import java.util.List;

/** {@code GET /v1/strategies}. */
public record StrategyPage(List<StrategyView> strategies) {}
