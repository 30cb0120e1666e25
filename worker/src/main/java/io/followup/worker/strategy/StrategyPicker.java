package io.followup.worker.strategy;

import io.followup.domain.strategy.Strategy;
import io.followup.domain.strategy.StrategyCatalog;
import io.followup.domain.strategy.StrategyTally;
import io.followup.worker.message.MessageTemplate;
import io.followup.worker.message.TemplateException;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.StepConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the strategy of one send: a list of ids restricts the pick to those that are active and of
 * the send's channel, {@code "auto"} takes every active strategy of the channel; among them {@link
 * ThompsonSampling} decides, with a random source seeded by the send's idempotency key. The pick is
 * kept in the catalogue under that key before anything is handed over, so every later attempt of
 * the send (a retry, a resumed attempt, the voicemail of a call) uses the same strategy whatever
 * the tallies became. No candidate: the channel's default message (kept too).
 */
public final class StrategyPicker {
  private static final Logger log = LoggerFactory.getLogger(StrategyPicker.class);

  private static final String VOICEMAIL_SUFFIX = ":voicemail";

  private final StrategyCatalog catalog;
  private final Map<Strategy, MessageTemplate> compiled = new ConcurrentHashMap<>();

  public StrategyPicker(StrategyCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /** The strategy and its compiled template; empty for the channel's default message. */
  public record Choice(Strategy strategy, MessageTemplate template) {}

  /**
   * @param idempotencyKey the send's key: seeds the pick and keeps it
   * @param channel the send's channel; {@code VOICEMAIL} is the voicemail of a call step, which
   *     takes the call's pick
   * @param strategyIds the step's ids; null or empty for the channel's default message
   */
  public Optional<Choice> choose(String idempotencyKey, Channel channel, List<String> strategyIds) {
    if (strategyIds == null || strategyIds.isEmpty()) {
      return Optional.empty();
    }
    Channel stepChannel = channel == Channel.VOICEMAIL ? Channel.CALL : channel;
    // the voicemail the workflow leaves after an unanswered call is a send of its own, keyed
    // "{call's key}:voicemail": it says what the call's strategy says
    String key =
        channel == Channel.VOICEMAIL && idempotencyKey.endsWith(VOICEMAIL_SUFFIX)
            ? idempotencyKey.substring(0, idempotencyKey.length() - VOICEMAIL_SUFFIX.length())
            : idempotencyKey;
    StrategyCatalog.Pick pick =
        catalog
            .keptPick(key)
            .orElseGet(() -> catalog.keepPick(key, pickNow(key, stepChannel, strategyIds)));
    if (pick.strategyId() == null) {
      return Optional.empty();
    }
    Optional<Strategy> strategy = catalog.find(List.of(pick.strategyId())).stream().findFirst();
    if (strategy.isEmpty()) {
      log.warn("send {}: its strategy is gone; the default message is used", idempotencyKey);
      return Optional.empty();
    }
    try {
      return Optional.of(new Choice(strategy.get(), compiled(strategy.get())));
    } catch (TemplateException e) {
      // the API compiles every template it stores: this is a stored row edited by hand
      log.warn("send {}: {}; the default message is used", idempotencyKey, e.getMessage());
      return Optional.empty();
    }
  }

  private StrategyCatalog.Pick pickNow(String key, Channel channel, List<String> strategyIds) {
    List<Strategy> candidates =
        strategyIds.contains(StepConfig.AUTO)
            ? catalog.active(channel)
            : catalog.find(strategyIds).stream()
                .filter(s -> s.active() && s.channel() == channel)
                .toList();
    if (candidates.isEmpty()) {
      return StrategyCatalog.Pick.NONE;
    }
    List<Strategy> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparing(Strategy::id));
    List<String> ids = sorted.stream().map(Strategy::id).toList();
    Map<String, StrategyTally> tallies = catalog.tallies(ids);
    List<StrategyTally> arms =
        ids.stream().map(id -> tallies.getOrDefault(id, StrategyTally.none(id))).toList();
    return new StrategyCatalog.Pick(ThompsonSampling.pick(arms, ThompsonSampling.randomFor(key)));
  }

  private MessageTemplate compiled(Strategy strategy) {
    if (compiled.size() > 1000) {
      compiled.clear();
    }
    return compiled.computeIfAbsent(
        strategy,
        s ->
            s.channel() == Channel.EMAIL
                ? MessageTemplate.email(
                    "strategy " + s.id(),
                    s.subject() == null ? "" : s.subject(),
                    s.template(),
                    null)
                : MessageTemplate.plain("strategy " + s.id(), s.template()));
  }
}
