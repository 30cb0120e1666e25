package io.followup.api.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.api.db.EventDao;
import io.followup.api.db.EventRow;
import io.followup.api.db.LeadDao;
import io.followup.api.db.LeadRow;
import io.followup.api.db.RequestKeyDao;
import io.followup.api.db.Sql;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpRejection;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.schedule.FollowUpSchedule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The lead use cases. A change to the follow-up schedule goes to the lead's workflow while the lead
 * row is locked, and the row takes the state the workflow returned in the same transaction: the
 * database and the workflow see updates in the same order, and a rejected or failed update leaves
 * both as they were.
 */
public final class LeadService {
  public static final Set<String> EVENT_TYPES =
      Set.of("MESSAGE", "CALL", "EMAIL", "FOLLOW_UP_CHANGED", "COMPLIANCE_BLOCKED");

  private final Jdbi jdbi;
  private final FollowUpGateway followUps;
  private final LeadRequests requests;
  private final ObjectMapper json;
  private final ObjectMapper stateJson;
  private final Clock clock;

  /**
   * @param stateJson reads and writes the stored {@link FollowUpState} exactly as the workflow's
   *     payloads do
   */
  public LeadService(
      Jdbi jdbi,
      FollowUpGateway followUps,
      LeadRequests requests,
      ObjectMapper json,
      ObjectMapper stateJson,
      Clock clock) {
    this.jdbi = jdbi;
    this.followUps = followUps;
    this.requests = requests;
    this.json = json;
    this.stateJson = stateJson;
    this.clock = clock;
  }

  public String create(JsonNode body) {
    CreateLead lead = requests.parseCreate(body);
    String id = UUID.randomUUID().toString();
    Instant now = clock.instant();
    FollowUpState unscheduled = FollowUpState.unscheduled(id);
    ObjectNode info =
        lead.additionalInfo() == null
            ? json.createObjectNode()
            : merge("{}", lead.additionalInfo());
    LeadRow row =
        new LeadRow(
            id,
            lead.firstName(),
            lead.lastName(),
            lead.phone(),
            lead.email(),
            lead.timezone(),
            lead.customerProfile(),
            info.toString(),
            false,
            false,
            unscheduled.followUpStep(),
            unscheduled.followUpStatus().name(),
            null,
            write(unscheduled),
            0,
            0,
            0,
            now,
            now);
    FollowUpChange change =
        new FollowUpChange(
            lead.followUpConfig(),
            lead.followUpStep(),
            lead.useStrategiesForFollowUps(),
            lead.timezone(),
            null);
    // a new lead's state is known: its rules are checked here, before a workflow is started
    try {
      FollowUpSchedule.apply(unscheduled, change, now, followUps.options());
    } catch (FollowUpRejection rejection) {
      throw ApiException.badRequest(rejection.field(), rejection.rule());
    }
    boolean[] workflowCalled = {false};
    try {
      createRow(row, unscheduled, change, info, body, now, workflowCalled);
    } catch (RuntimeException e) {
      if (workflowCalled[0]) {
        // the lead was not stored: its workflow, if it started, must not run on its own
        followUps.discard(id);
      }
      throw e;
    }
    return id;
  }

  private void createRow(
      LeadRow row,
      FollowUpState unscheduled,
      FollowUpChange change,
      ObjectNode info,
      JsonNode body,
      Instant now,
      boolean[] workflowCalled) {
    String id = row.id();
    database(
        () ->
            jdbi.useTransaction(
                handle -> {
                  try {
                    handle.attach(LeadDao.class).insert(row);
                  } catch (RuntimeException e) {
                    if (Sql.isUniqueViolation(e)) {
                      throw new ApiException(
                          409, "phone: a lead with phone " + row.phone() + " already exists");
                    }
                    throw e;
                  }
                  workflowCalled[0] = true;
                  FollowUpState state = followUps.apply(unscheduled, change, "create:" + id);
                  handle
                      .attach(LeadDao.class)
                      .update(
                          withState(row, row.email(), row.timezone(), info.toString(), state, now));
                  if (change.touchesSchedule()) {
                    recordChange(handle, id, body, state, now);
                  }
                }));
  }

  /**
   * @param idempotencyKey when given, a repeat of the same request returns the first answer and
   *     changes nothing (the workflow is not reset a second time)
   */
  public void update(String leadId, JsonNode body, String idempotencyKey) {
    UpdateLead update = requests.parseUpdate(body);
    String requestHash = hash(body.toString());
    database(
        () ->
            jdbi.useTransaction(
                handle -> {
                  LeadRow row =
                      handle
                          .attach(LeadDao.class)
                          .lock(leadId)
                          .orElseThrow(() -> ApiException.notFound(leadId));
                  RequestKeyDao keys = handle.attach(RequestKeyDao.class);
                  if (idempotencyKey != null) {
                    var stored = keys.find(leadId, idempotencyKey);
                    if (stored.isPresent()) {
                      if (!stored.get().requestHash().equals(requestHash)) {
                        throw ApiException.badRequest(
                            "Idempotency-Key", "was already used with a different body");
                      }
                      return;
                    }
                  }
                  if (!update.isEmpty()) {
                    Instant now = clock.instant();
                    FollowUpState state = read(row.followUpState());
                    FollowUpChange change = update.followUpChange();
                    if (change != null) {
                      // a retry of a request that timed out reuses its update id, so Temporal
                      // applies it
                      // once: the caller's key, else the stored revision and the body
                      String updateId =
                          idempotencyKey != null
                              ? "patch:" + idempotencyKey
                              : "patch:" + row.revision() + ":" + requestHash;
                      state = followUps.apply(state, change, updateId);
                    }
                    String info =
                        update.additionalInfo() == null
                            ? row.additionalInfo()
                            : merge(row.additionalInfo(), update.additionalInfo()).toString();
                    handle
                        .attach(LeadDao.class)
                        .update(
                            withState(
                                row,
                                update.email() != null ? update.email() : row.email(),
                                update.timezone() != null ? update.timezone() : row.timezone(),
                                info,
                                state,
                                now));
                    recordChange(handle, leadId, body, state, now);
                  }
                  if (idempotencyKey != null) {
                    keys.insert(
                        leadId,
                        idempotencyKey,
                        requestHash,
                        "{\"message\":\"Lead updated successfully.\"}",
                        clock.instant());
                  }
                }));
  }

  public LeadView get(String leadId) {
    return database(() -> jdbi.withExtension(LeadDao.class, dao -> dao.find(leadId)))
        .map(this::view)
        .orElseThrow(() -> ApiException.notFound(leadId));
  }

  public record LeadPage(List<LeadView> leads, String nextToken) {}

  public LeadPage list(Integer limit, String nextToken, String updatedSince, String createdSince) {
    int size = Page.limit(limit, 1000);
    Instant created = instant("createdSince", createdSince);
    Instant updated = instant("updatedSince", updatedSince);
    Instant beforeCreated = null;
    String beforeId = null;
    if (nextToken != null) {
      String[] position = Page.decode(nextToken).split("\\|", 2);
      try {
        beforeCreated = Instant.parse(position[0]);
        beforeId = position[1];
      } catch (RuntimeException e) {
        throw ApiException.badRequest("nextToken", "is not a token this API returned");
      }
    }
    Instant before = beforeCreated;
    String afterId = beforeId;
    List<LeadRow> rows =
        database(
            () ->
                jdbi.withExtension(
                    LeadDao.class, dao -> dao.page(created, updated, before, afterId, size + 1)));
    String next = null;
    if (rows.size() > size) {
      rows = rows.subList(0, size);
      LeadRow last = rows.get(size - 1);
      next = Page.encode(last.createdAt() + "|" + last.id());
    }
    return new LeadPage(rows.stream().map(this::view).toList(), next);
  }

  public record EventView(long id, String type, String timestamp, JsonNode data) {}

  public record EventPage(List<EventView> events, String nextToken) {}

  public EventPage events(
      String leadId, Integer limit, String nextToken, String since, String types) {
    int size = Page.limit(limit, 1000);
    Instant from = instant("since", since);
    List<String> typeList = new ArrayList<>();
    if (types != null && !types.isBlank()) {
      for (String type : types.split(",")) {
        String t = type.strip();
        if (!EVENT_TYPES.contains(t)) {
          throw ApiException.badRequest(
              "types", "unknown event type '" + t + "' (one of " + EVENT_TYPES + ")");
        }
        typeList.add(t);
      }
    }
    long afterId;
    try {
      afterId = nextToken == null ? 0 : Long.parseLong(Page.decode(nextToken));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("nextToken", "is not a token this API returned");
    }
    List<EventRow> rows =
        database(
            () ->
                jdbi.withHandle(
                    handle -> {
                      if (handle.attach(LeadDao.class).find(leadId).isEmpty()) {
                        throw ApiException.notFound(leadId);
                      }
                      EventDao dao = handle.attach(EventDao.class);
                      return typeList.isEmpty()
                          ? dao.page(leadId, afterId, from, size + 1)
                          : dao.pageOfTypes(leadId, afterId, from, typeList, size + 1);
                    }));
    String next = null;
    if (rows.size() > size) {
      rows = rows.subList(0, size);
      next = Page.encode(Long.toString(rows.get(size - 1).id()));
    }
    return new EventPage(
        rows.stream()
            .map(r -> new EventView(r.id(), r.type(), r.occurredAt().toString(), parse(r.data())))
            .toList(),
        next);
  }

  /** Writes a state the workflow reached on its own (a step ran), unless a newer one is stored. */
  public void saveProjection(FollowUpState state) {
    Instant next = state.nextFollowUpAt();
    database(
        () ->
            jdbi.withExtension(
                LeadDao.class,
                dao ->
                    dao.updateProjectionIfNewer(
                        state.leadId(),
                        state.followUpStep(),
                        state.followUpStatus().name(),
                        next,
                        write(state),
                        state.changeSeq(),
                        state.sendSeq(),
                        state.revision(),
                        clock.instant())));
  }

  private void recordChange(
      Handle handle, String leadId, JsonNode body, FollowUpState state, Instant now) {
    ObjectNode data = json.createObjectNode();
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    data.set("fields", json.valueToTree(fields));
    data.put("followUpStep", state.followUpStep());
    data.put("followUpStatus", state.followUpStatus().name());
    data.put(
        "nextFollowUpAt",
        state.nextFollowUpAt() == null ? null : state.nextFollowUpAt().toString());
    handle.attach(EventDao.class).insert(leadId, "FOLLOW_UP_CHANGED", now, data.toString());
  }

  private LeadRow withState(
      LeadRow row, String email, String timezone, String info, FollowUpState state, Instant now) {
    return new LeadRow(
        row.id(),
        row.firstName(),
        row.lastName(),
        row.phone(),
        email,
        timezone,
        row.customerProfile(),
        info,
        row.hasReplied(),
        row.isUnsubscribed(),
        state.followUpStep(),
        state.followUpStatus().name(),
        state.nextFollowUpAt(),
        write(state),
        state.changeSeq(),
        state.sendSeq(),
        state.revision(),
        row.createdAt(),
        now);
  }

  private LeadView view(LeadRow row) {
    FollowUpState state = read(row.followUpState());
    return new LeadView(
        row.id(),
        row.firstName(),
        row.lastName(),
        row.phone(),
        row.email(),
        row.timezone(),
        row.customerProfile(),
        parse(row.additionalInfo()),
        row.hasReplied(),
        row.isUnsubscribed(),
        row.followUpStep(),
        row.followUpStatus(),
        row.nextFollowUpAt() == null ? null : row.nextFollowUpAt().toString(),
        configView(state),
        state.useStrategiesForFollowUps(),
        row.createdAt().toString(),
        row.updatedAt().toString());
  }

  /** The config as the API shows it: hours as plain numbers ({@code 0.0005}, {@code 24}). */
  private JsonNode configView(FollowUpState state) {
    ObjectNode config = json.valueToTree(state.followUpConfig());
    config.forEach(
        step -> {
          double hours = step.get("hours").doubleValue();
          ((ObjectNode) step)
              .set(
                  "hours",
                  hours == Math.rint(hours)
                      ? json.getNodeFactory().numberNode((long) hours)
                      : json.getNodeFactory()
                          .numberNode(
                              new java.math.BigDecimal(Double.toString(hours))
                                  .stripTrailingZeros()));
        });
    return config;
  }

  /** additionalInfo merge: new keys added, existing replaced, a key set to null removed. */
  private ObjectNode merge(String stored, ObjectNode patch) {
    ObjectNode merged = (ObjectNode) parse(stored);
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        merged.remove(e.getKey());
      } else {
        merged.set(e.getKey(), e.getValue());
      }
    }
    return merged;
  }

  private static Instant instant(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          field, "must be an ISO-8601 UTC instant such as 2026-01-31T12:00:00Z");
    }
  }

  private JsonNode parse(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is corrupt", e);
    }
  }

  private String write(FollowUpState state) {
    try {
      return stateJson.writeValueAsString(state);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The stored projection of a lead's workflow state. */
  public FollowUpState stateOf(LeadRow row) {
    return read(row.followUpState());
  }

  FollowUpState read(String text) {
    try {
      return stateJson.readValue(text, FollowUpState.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored follow-up state is corrupt", e);
    }
  }

  private static String hash(String body) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A database that cannot be reached is a 503: nothing was changed. */
  private static <T> T database(java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      if (Sql.isUnavailable(e)) {
        throw ApiException.unavailable("the database");
      }
      if (Sql.isBusy(e)) {
        throw new ApiException(
            503,
            "the lead is busy with another update; nothing was changed"
                + " and the request can be retried");
      }
      throw e;
    }
  }

  private static void database(Runnable work) {
    database(
        () -> {
          work.run();
          return null;
        });
  }
}
