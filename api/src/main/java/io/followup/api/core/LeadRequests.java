package io.followup.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpRejection;
import io.followup.workflows.model.StepConfig;
import io.followup.workflows.schedule.FollowUpRules;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Strict, stateless parsing of create and update bodies: every unknown field and every broken rule
 * is a 400 whose message names the field. This class checks the JSON's shape (objects, numbers,
 * strings, unknown fields) and the strategy catalogue ({@link StrategyLookup}: a step's {@code
 * strategyIds} must name stored strategies of the step's channel); the follow-up rules themselves
 * (step keys and numbers, hours, channels, voicemail, tz names, the shape of {@code strategyIds})
 * are {@link FollowUpRules}'. Rules that need the lead's state are the workflow's.
 */
public final class LeadRequests {
  private static final Set<String> CREATE_FIELDS =
      Set.of(
          "firstName",
          "lastName",
          "phone",
          "customerProfile",
          "timezone",
          "timeZone",
          "email",
          "additionalInfo",
          "followUpConfig",
          "followUpStep",
          "useStrategiesForFollowUps");
  private static final Set<String> UPDATE_FIELDS =
      Set.of(
          "email",
          "timezone",
          "timeZone",
          "additionalInfo",
          "followUpConfig",
          "followUpStep",
          "useStrategiesForFollowUps");
  private static final Set<String> CONTEXT_FIELDS = Set.of("context", "additionalInfo", "command");
  private static final Set<String> MESSAGE_FIELDS =
      Set.of(
          "message", "scheduledTime", "overrideBusinessHours", "sendWhenOff", "scheduleFollowUps");

  /**
   * The longest one-off {@code message}, in characters (code points): ten SMS segments, Twilio's
   * own ceiling for a message body.
   */
  public static final int MAX_MESSAGE = 1600;

  /** The longest {@code context}, in characters (code points). */
  public static final int MAX_CONTEXT = 10_000;

  private static final Set<String> STEP_FIELDS =
      Set.of("hours", "channel", "voicemailEnabled", "strategyIds");
  private static final Pattern EMAIL =
      Pattern.compile("[^@\\s\"(),:;<>\\[\\]]+@[^@\\s\"(),:;<>\\[\\]]+\\.[^@\\s\"(),:;<>\\[\\]]+");

  private final StrategyLookup strategies;

  /**
   * @param strategies the catalogue a step's {@code strategyIds} must name (besides "auto")
   */
  public LeadRequests(StrategyLookup strategies) {
    this.strategies = java.util.Objects.requireNonNull(strategies, "strategies");
  }

  public CreateLead parseCreate(JsonNode body) {
    ObjectNode object = object(body, CREATE_FIELDS);
    return new CreateLead(
        requiredName(object, "firstName"),
        requiredName(object, "lastName"),
        phone(object),
        optionalText(object, "customerProfile", 10_000),
        timezone(object),
        email(object),
        additionalInfo(object),
        followUpConfig(object),
        followUpStep(object),
        optionalBoolean(object, "useStrategiesForFollowUps"));
  }

  public UpdateLead parseUpdate(JsonNode body) {
    ObjectNode object = object(body, UPDATE_FIELDS);
    return new UpdateLead(
        email(object),
        timezone(object),
        additionalInfo(object),
        followUpConfig(object),
        followUpStep(object),
        optionalBoolean(object, "useStrategiesForFollowUps"));
  }

  /**
   * {@code addContext}: {@code context} (text), {@code additionalInfo}, {@code command} (Apten's
   * instruction, kept and not executed); at least one of them.
   */
  public AddContext parseAddContext(JsonNode body) {
    ObjectNode object = object(body, CONTEXT_FIELDS);
    String context = optionalText(object, "context", MAX_CONTEXT);
    if (context != null && context.isBlank()) {
      throw ApiException.badRequest("context", "must not be blank");
    }
    String command = optionalText(object, "command", MAX_CONTEXT);
    if (command != null && command.isBlank()) {
      throw ApiException.badRequest("command", "must not be blank");
    }
    ObjectNode info = additionalInfo(object);
    if (context == null && info == null && command == null) {
      throw ApiException.badRequest("context", "is required (or additionalInfo, or command)");
    }
    return new AddContext(context, info, command);
  }

  /**
   * The furthest ahead a one-off message may be scheduled, in hours: a step's {@code hours} cap. A
   * later {@code scheduledTime} is a mistake, and a timer that far off may not even be possible.
   */
  public static final long MAX_SCHEDULE_HOURS = (long) FollowUpRules.MAX_HOURS;

  /**
   * {@code POST /v1/leads/{id}/sendMessage}: strict, every rule stateless.
   *
   * @param now the clock's instant: {@code scheduledTime} may be at most {@value
   *     #MAX_SCHEDULE_HOURS} hours after it
   */
  public SendMessage parseSendMessage(JsonNode body, Instant now) {
    ObjectNode object = object(body, MESSAGE_FIELDS);
    String message = optionalText(object, "message", MAX_MESSAGE);
    if (message == null || message.isBlank()) {
      throw ApiException.badRequest("message", "is required and must not be blank");
    }
    return new SendMessage(
        message,
        scheduledTime(object, now),
        Boolean.TRUE.equals(optionalBoolean(object, "overrideBusinessHours")),
        Boolean.TRUE.equals(optionalBoolean(object, "sendWhenOff")),
        Boolean.TRUE.equals(optionalBoolean(object, "scheduleFollowUps")));
  }

  /** ISO-8601 with an offset or Z ({@code 2026-01-05T09:00:00-05:00}); null when absent. */
  private static Instant scheduledTime(ObjectNode object, Instant now) {
    String text = optionalText(object, "scheduledTime", 64);
    if (text == null) {
      return null;
    }
    Instant at;
    try {
      at = OffsetDateTime.parse(text.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          "scheduledTime",
          "must be an ISO-8601 date-time with an offset or Z, e.g. 2026-01-05T09:00:00-05:00");
    }
    if (at.isAfter(now.plus(Duration.ofHours(MAX_SCHEDULE_HOURS)))) {
      throw ApiException.badRequest(
          "scheduledTime", "must be at most " + MAX_SCHEDULE_HOURS + " hours from now");
    }
    return at;
  }

  private static ObjectNode object(JsonNode body, Set<String> allowed) {
    if (body == null || body.isMissingNode() || body.isNull()) {
      throw ApiException.badRequest("body", "must be a JSON object");
    }
    if (!(body instanceof ObjectNode object)) {
      throw ApiException.badRequest("body", "must be a JSON object");
    }
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw ApiException.badRequest(name, "unknown field");
      }
    }
    return object;
  }

  private static String requiredName(ObjectNode object, String field) {
    String value = optionalText(object, field, 200);
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest(field, "is required");
    }
    return value.strip();
  }

  private static String optionalText(ObjectNode object, String field, int maxLength) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw ApiException.badRequest(field, "must be a string");
    }
    // counted in characters (code points), as the store counts them, not in UTF-16 units
    String text = node.textValue();
    if (text.codePointCount(0, text.length()) > maxLength) {
      throw ApiException.badRequest(field, "must be at most " + maxLength + " characters");
    }
    return node.textValue();
  }

  private static Boolean optionalBoolean(ObjectNode object, String field) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isBoolean()) {
      throw ApiException.badRequest(field, "must be true or false");
    }
    return node.booleanValue();
  }

  /** E.164, e.g. {@code +15555555555}, from {@code +1 (555) 555-5555} and the like. */
  static String phone(ObjectNode object) {
    return PhoneNumbers.e164(optionalText(object, "phone", 40), "phone");
  }

  private static String email(ObjectNode object) {
    String email = optionalText(object, "email", 320);
    if (email != null && !EMAIL.matcher(email).matches()) {
      throw ApiException.badRequest("email", "must be a valid email address");
    }
    return email;
  }

  /** {@code timezone}, or {@code timeZone} as Apten spells it; a tz database region name. */
  private static String timezone(ObjectNode object) {
    String lower = optionalText(object, "timezone", 64);
    String camel = optionalText(object, "timeZone", 64);
    if (lower != null && camel != null && !lower.equals(camel)) {
      throw ApiException.badRequest(
          "timezone", "timezone and timeZone are the same field; give one");
    }
    String zone = lower != null ? lower : camel;
    if (zone == null) {
      return null;
    }
    rule(() -> FollowUpRules.validateTimezone(zone));
    return zone;
  }

  /** Runs a rule of {@link FollowUpRules}; a broken one is a 400 naming its field. */
  private static <T> T rule(Supplier<T> check) {
    try {
      return check.get();
    } catch (FollowUpRejection rejection) {
      throw ApiException.badRequest(rejection.field(), rejection.rule());
    }
  }

  private static void rule(Runnable check) {
    rule(
        () -> {
          check.run();
          return null;
        });
  }

  private static ObjectNode additionalInfo(ObjectNode object) {
    JsonNode node = object.get("additionalInfo");
    if (node == null || node.isNull()) {
      return null;
    }
    if (!(node instanceof ObjectNode info)) {
      throw ApiException.badRequest("additionalInfo", "must be a JSON object");
    }
    return info;
  }

  private static Integer followUpStep(ObjectNode object) {
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

  private FollowUpConfig followUpConfig(ObjectNode object) {
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
