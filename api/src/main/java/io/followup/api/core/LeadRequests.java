package io.followup.api.core;

import static io.followup.api.core.RequestFields.object;
import static io.followup.api.core.RequestFields.optionalBoolean;
import static io.followup.api.core.RequestFields.optionalText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.api.core.command.AddContext;
import io.followup.api.core.command.CreateLead;
import io.followup.api.core.command.SendMessage;
import io.followup.api.core.command.UpdateLead;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.schedule.FollowUpRules;
import io.followup.workflows.schedule.PauseRules;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict parsing of the lead bodies (create, PATCH, addContext, sendMessage): every unknown field
 * and every broken rule is a 400 whose message names the field. The profile fields (names, phone,
 * email, time zone) are checked here, the follow-up fields by {@link FollowUpFields} (with the
 * strategy catalogue), the field readers are {@link RequestFields}'. Rules that need the lead's
 * state are the workflow's.
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
          "useStrategiesForFollowUps",
          "externalLeadId",
          "state",
          "consent");
  private static final Set<String> UPDATE_FIELDS =
      Set.of(
          "email",
          "timezone",
          "timeZone",
          "additionalInfo",
          "followUpConfig",
          "followUpStep",
          "useStrategiesForFollowUps",
          "externalLeadId",
          "isHot",
          "isQualified",
          "summary",
          "state",
          "consent",
          "followUpStatus",
          "resumeAt");

  /** The longest {@code externalLeadId} (Apten's bound), in characters (code points). */
  public static final int MAX_EXTERNAL_LEAD_ID = 255;

  /** The longest {@code summary}, in characters (code points). */
  public static final int MAX_SUMMARY = 10_000;

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

  private static final Pattern EMAIL =
      Pattern.compile("[^@\\s\"(),:;<>\\[\\]]+@[^@\\s\"(),:;<>\\[\\]]+\\.[^@\\s\"(),:;<>\\[\\]]+");

  private final FollowUpFields followUps;

  /**
   * @param strategies the catalogue a step's {@code strategyIds} must name (besides "auto")
   */
  public LeadRequests(StrategyLookup strategies) {
    this.followUps = new FollowUpFields(strategies);
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
        followUps.followUpConfig(object),
        followUps.followUpStep(object),
        optionalBoolean(object, "useStrategiesForFollowUps"),
        optionalText(object, "externalLeadId", MAX_EXTERNAL_LEAD_ID),
        state(object),
        ConsentFields.parse(object));
  }

  public UpdateLead parseUpdate(JsonNode body) {
    ObjectNode object = object(body, UPDATE_FIELDS);
    return new UpdateLead(
        email(object),
        timezone(object),
        additionalInfo(object),
        followUps.followUpConfig(object),
        followUps.followUpStep(object),
        optionalBoolean(object, "useStrategiesForFollowUps"),
        clearable(object, "externalLeadId", MAX_EXTERNAL_LEAD_ID),
        optionalBoolean(object, "isHot"),
        optionalBoolean(object, "isQualified"),
        clearable(object, "summary", MAX_SUMMARY),
        object.has("state") ? java.util.Optional.ofNullable(state(object)) : null,
        ConsentFields.parse(object),
        followUpStatus(object),
        resumeAt(object));
  }

  /** {@code PAUSED} or {@code SCHEDULED} (PauseRules); null when absent. */
  private static FollowUpStatus followUpStatus(ObjectNode object) {
    String text = optionalText(object, "followUpStatus", 20);
    if (text == null) {
      return null;
    }
    return switch (text) {
      case "PAUSED" -> FollowUpStatus.PAUSED;
      case "SCHEDULED" -> FollowUpStatus.SCHEDULED;
      default -> throw ApiException.badRequest("followUpStatus", PauseRules.STATUS_RULE);
    };
  }

  /** An ISO-8601 instant with an offset ({@code 2027-01-04T09:00:00-05:00}); null when absent. */
  private static Instant resumeAt(ObjectNode object) {
    String text = optionalText(object, "resumeAt", 64);
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          "resumeAt", "must be an ISO-8601 instant with an offset, e.g. 2027-01-04T09:00:00Z");
    }
  }

  /** A text PATCH may clear: null when absent, empty when given as null. */
  private static java.util.Optional<String> clearable(
      ObjectNode object, String field, int maxLength) {
    if (!object.has(field)) {
      return null;
    }
    return java.util.Optional.ofNullable(optionalText(object, field, maxLength));
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

  private static String requiredName(ObjectNode object, String field) {
    String value = optionalText(object, field, 200);
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest(field, "is required");
    }
    return value.strip();
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

  /**
   * The US states, the District of Columbia and the territories with a NANP area code, by their
   * USPS abbreviations.
   */
  public static final Set<String> US_STATES =
      Set.of(
          "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
          "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
          "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
          "VA", "WA", "WV", "WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP");

  /** {@code state}: a US state's two letters, any case, stored upper-case; null when absent. */
  private static String state(ObjectNode object) {
    String state = optionalText(object, "state", 64);
    if (state == null) {
      return null;
    }
    String upper = state.toUpperCase(java.util.Locale.ROOT);
    if (!US_STATES.contains(upper)) {
      throw ApiException.badRequest(
          "state", "must be a US state's two-letter abbreviation, such as TX");
    }
    return upper;
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
    FollowUpFields.rule(() -> FollowUpRules.validateTimezone(zone));
    return zone;
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
}
