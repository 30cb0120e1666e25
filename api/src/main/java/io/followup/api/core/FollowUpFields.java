package io.followup.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpRejection;
import io.followup.workflows.model.StepConfig;
import io.followup.workflows.schedule.FollowUpRules;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The follow-up fields of a create or update body ({@code followUpConfig}, {@code followUpStep}):
 * their JSON shape here, their rules {@link FollowUpRules}' (a broken one is a 400 naming its
 * field), and the one rule that needs the database, that a step's {@code strategyIds} name stored
 * strategies of the step's channel ({@link StrategyLookup}), checked in one lookup per config.
 */
final class FollowUpFields {
  private static final Set<String> STEP_FIELDS =
      Set.of("hours", "channel", "voicemailEnabled", "strategyIds");

  private final StrategyLookup strategies;

  FollowUpFields(StrategyLookup strategies) {
    this.strategies = Objects.requireNonNull(strategies, "strategies");
  }

  /** Runs a rule of {@link FollowUpRules}; a broken one is a 400 naming its field. */
  static <T> T rule(Supplier<T> check) {
    try {
      return check.get();
    } catch (FollowUpRejection rejection) {
      throw ApiException.badRequest(rejection.field(), rejection.rule());
    }
  }

  static void rule(Runnable check) {
    rule(
        () -> {
          check.run();
          return null;
        });
  }

  Integer followUpStep(ObjectNode object) {
    JsonNode node = object.get("followUpStep");
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToInt()) {
      throw ApiException.badRequest("followUpStep", FollowUpRules.FOLLOW_UP_STEP_RULE);
    }
    int step = node.intValue();
    rule(() -> FollowUpRules.validateFollowUpStep(step));
    return step;
  }

  FollowUpConfig followUpConfig(ObjectNode object) {
    JsonNode node = object.get("followUpConfig");
    if (node == null || node.isNull()) {
      return null;
    }
    if (!(node instanceof ObjectNode config)) {
      throw ApiException.badRequest("followUpConfig", "must be an object keyed by step number");
    }
    Map<Integer, StepConfig> steps = new TreeMap<>();
    Map<Integer, String> fields = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String field = "followUpConfig." + entry.getKey();
      int key;
      try {
        key = Integer.parseInt(entry.getKey());
      } catch (NumberFormatException e) {
        throw ApiException.badRequest(field, FollowUpRules.STEP_KEY_RULE);
      }
      if (!entry.getKey().equals(Integer.toString(key))) {
        throw ApiException.badRequest(field, FollowUpRules.STEP_KEY_RULE);
      }
      rule(() -> FollowUpRules.validateStepKey(key));
      steps.put(key, step(field, entry.getValue()));
      fields.put(key, field + ".strategyIds");
    }
    checkStrategies(steps, fields);
    FollowUpConfig parsed = FollowUpConfig.of(steps);
    rule(() -> FollowUpRules.validateConfig(parsed));
    return parsed;
  }

  private StepConfig step(String field, JsonNode node) {
    if (!(node instanceof ObjectNode step)) {
      throw ApiException.badRequest(field, FollowUpRules.STEP_OBJECT_RULE);
    }
    for (Iterator<String> names = step.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!STEP_FIELDS.contains(name)) {
        throw ApiException.badRequest(field + "." + name, "unknown field");
      }
    }
    JsonNode hours = step.get("hours");
    if (hours == null || !hours.isNumber()) {
      throw ApiException.badRequest(field + ".hours", FollowUpRules.HOURS_RULE);
    }
    JsonNode channel = step.get("channel");
    if (channel == null || !channel.isTextual()) {
      throw ApiException.badRequest(field + ".channel", FollowUpRules.CHANNEL_RULE);
    }
    Channel parsedChannel =
        rule(() -> FollowUpRules.stepChannel(field + ".channel", channel.textValue()));
    JsonNode voicemail = step.get("voicemailEnabled");
    if (voicemail != null && !voicemail.isNull() && !voicemail.isBoolean()) {
      throw ApiException.badRequest(field + ".voicemailEnabled", "must be true or false");
    }
    return new StepConfig(
        hours.doubleValue(),
        parsedChannel,
        voicemail == null || voicemail.isNull() ? null : voicemail.booleanValue(),
        strategyIds(field + ".strategyIds", step.get("strategyIds")));
  }

  /** The most ids a step's {@code strategyIds} may hold. */
  public static final int MAX_STRATEGY_IDS = 20;

  /** The most characters of an id a 400 repeats. */
  private static final int SHOWN_ID = 64;

  /** The step's {@code strategyIds}, shape only: the catalogue is {@link #checkStrategies}'. */
  private static List<String> strategyIds(String field, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    List<String> ids = new ArrayList<>();
    if (node.isTextual()) {
      ids.add(node.textValue());
    } else if (node.isArray() && !node.isEmpty()) {
      if (node.size() > MAX_STRATEGY_IDS) {
        throw ApiException.badRequest(field, "must hold at most " + MAX_STRATEGY_IDS + " ids");
      }
      for (JsonNode id : node) {
        if (!id.isTextual()) {
          throw ApiException.badRequest(
              field, "must be \"auto\", a strategy id or an array of ids");
        }
        ids.add(id.textValue());
      }
    } else {
      throw ApiException.badRequest(field, "must be \"auto\", a strategy id or an array of ids");
    }
    return ids;
  }

  /**
   * Every step's {@code strategyIds} against the catalogue, in one lookup for the whole config: an
   * unknown id, or one of another channel than its step, is a 400 naming the step's field.
   */
  private void checkStrategies(Map<Integer, StepConfig> steps, Map<Integer, String> fields) {
    Set<String> named = new LinkedHashSet<>();
    steps.values().stream()
        .filter(step -> step.strategyIds() != null)
        .flatMap(step -> step.strategyIds().stream())
        .filter(id -> !id.equals(StepConfig.AUTO))
        .forEach(named::add);
    if (named.isEmpty()) {
      return;
    }
    Map<String, Channel> known = strategies.channelsOf(named);
    for (Map.Entry<Integer, StepConfig> entry : steps.entrySet()) {
      StepConfig step = entry.getValue();
      if (step.strategyIds() == null) {
        continue;
      }
      String field = fields.get(entry.getKey());
      for (String id : step.strategyIds()) {
        if (id.equals(StepConfig.AUTO)) {
          continue;
        }
        Channel of = known.get(id);
        if (of == null) {
          throw ApiException.badRequest(field, "unknown strategy id '" + shown(id) + "'");
        }
        if (of != step.channel()) {
          throw ApiException.badRequest(
              field,
              "strategy '"
                  + shown(id)
                  + "' is a "
                  + of.wireName()
                  + " strategy; this step's channel is "
                  + step.channel().wireName());
        }
      }
    }
  }

  /** An id as a 400 repeats it: its first {@value #SHOWN_ID} characters. */
  private static String shown(String id) {
    if (id.codePointCount(0, id.length()) <= SHOWN_ID) {
      return id;
    }
    return id.substring(0, id.offsetByCodePoints(0, SHOWN_ID)) + "...";
  }
}
