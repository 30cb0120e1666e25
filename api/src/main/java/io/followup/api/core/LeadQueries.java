package io.followup.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.api.core.view.ActorView;
import io.followup.api.core.view.EventPage;
import io.followup.api.core.view.EventView;
import io.followup.api.core.view.LeadPage;
import io.followup.api.core.view.LeadView;
import io.followup.api.core.view.MessageView;
import io.followup.api.core.view.MessagesView;
import io.followup.api.core.view.TagView;
import io.followup.domain.events.EventType;
import io.followup.store.EventDao;
import io.followup.store.EventRow;
import io.followup.store.FollowUpStateJson;
import io.followup.store.LeadRow;
import io.followup.store.LeadStatements;
import io.followup.store.LeadStatements.ListOrder;
import io.followup.store.LeadStatements.ShownLead;
import io.followup.store.MessageEvents;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/** The read side: a lead, the list, a lead's events, all from the store (never from Temporal). */
public final class LeadQueries implements LeadReads {
  /** The {@code types} a client may filter by: every {@link EventType}, in declaration order. */
  public static final Set<String> EVENT_TYPES = eventTypes();

  private final Jdbi jdbi;
  private final ObjectMapper json;
  private final AdditionalInfo info;

  public LeadQueries(Jdbi jdbi, ObjectMapper json) {
    this.jdbi = jdbi;
    this.json = json;
    this.info = new AdditionalInfo(json);
  }

  @Override
  public LeadView get(String leadId) {
    return Database.call(
        () ->
            jdbi.withHandle(
                handle ->
                    LeadStatements.findShown(handle, leadId)
                        .map(this::view)
                        .orElseThrow(() -> ApiException.notFound(leadId))));
  }

  /**
   * Apten's incremental list: oldest first by {@code updatedAt} when {@code updatedSince} is given,
   * else by {@code createdAt}, ties by id; the token is the position of the page's last lead (its
   * order, timestamp and id), so a lead changed meanwhile is listed again later, never skipped.
   */
  @Override
  public LeadPage list(Integer limit, String nextToken, String updatedSince, String createdSince) {
    int size = Page.limit(limit, 1000);
    Instant created = instant("createdSince", createdSince);
    Instant updated = instant("updatedSince", updatedSince);
    ListOrder order = updated != null ? ListOrder.UPDATED : ListOrder.CREATED;
    Instant since = order == ListOrder.UPDATED ? updated : created;
    Instant fromAt = since != null ? since : EARLIEST;
    String fromId = "";
    if (nextToken != null) {
      String[] position = Page.decode(nextToken).split("\\|", 3);
      try {
        if (position.length != 3 || !position[0].equals(order.name())) {
          throw new IllegalArgumentException("another list's token");
        }
        fromAt = Instant.parse(position[1]);
        fromId = position[2];
      } catch (RuntimeException e) {
        throw ApiException.badRequest("nextToken", "is not a token this API returned");
      }
      if (!inRange(fromAt) || fromId.isEmpty() || !Page.plain(fromId)) {
        throw ApiException.badRequest("nextToken", "is not a token this API returned");
      }
    }
    Instant at = fromAt;
    String id = fromId;
    Instant createdFrom = created != null ? created : EARLIEST;
    List<ShownLead> rows =
        Database.call(
            () ->
                jdbi.withHandle(
                    handle -> LeadStatements.page(handle, order, at, id, createdFrom, size + 1)));
    String next = null;
    if (rows.size() > size) {
      rows = rows.subList(0, size);
      LeadRow last = rows.get(size - 1).lead();
      Instant position = order == ListOrder.UPDATED ? last.updatedAt() : last.createdAt();
      next = Page.encode(order.name() + "|" + position + "|" + last.id());
    }
    return new LeadPage(rows.stream().map(this::view).toList(), next);
  }

  @Override
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
    // the last event read: its updatedAt and id (keyset: an event amended later sorts after it)
    Instant afterUpdated = null;
    long afterId = 0;
    if (nextToken != null) {
      try {
        String[] position = Page.decode(nextToken).split("\\|", 2);
        afterUpdated = Instant.parse(position[0]);
        afterId = Long.parseLong(position[1]);
      } catch (RuntimeException e) {
        throw ApiException.badRequest("nextToken", "is not a token this API returned");
      }
      if (!inRange(afterUpdated)) {
        throw ApiException.badRequest("nextToken", "is not a token this API returned");
      }
    }
    Instant after = afterUpdated;
    long afterEvent = afterId;
    List<EventRow> rows =
        Database.call(
            () ->
                jdbi.withHandle(
                    handle -> {
                      if (LeadStatements.find(handle, leadId).isEmpty()) {
                        throw ApiException.notFound(leadId);
                      }
                      EventDao dao = handle.attach(EventDao.class);
                      return typeList.isEmpty()
                          ? dao.page(leadId, after, afterEvent, from, size + 1)
                          : dao.pageOfTypes(leadId, after, afterEvent, from, typeList, size + 1);
                    }));
    String next = null;
    if (rows.size() > size) {
      rows = rows.subList(0, size);
      EventRow last = rows.get(size - 1);
      next = Page.encode(last.updatedAt() + "|" + last.id());
    }
    return new EventPage(
        rows.stream()
            .map(
                r ->
                    new EventView(
                        Long.toString(r.id()),
                        r.type(),
                        r.occurredAt().toString(),
                        r.updatedAt().toString(),
                        new ActorView(r.actorType(), r.actorId()),
                        r.requestId(),
                        info.parse(r.data())))
            .toList(),
        next);
  }

  /**
   * The texts and emails both ways, oldest first: a send that reached the provider (SENT, or
   * UNCONFIRMED: it may have) is the user's, an inbound message the lead's. A failed send was never
   * said; a blocked one is no MESSAGE.
   */
  @Override
  public MessagesView messages(String leadId) {
    List<EventRow> rows =
        Database.call(
            () ->
                jdbi.withHandle(
                    handle -> {
                      if (LeadStatements.find(handle, leadId).isEmpty()) {
                        throw ApiException.notFound(leadId);
                      }
                      return handle.attach(EventDao.class).messages(leadId);
                    }));
    List<MessageView> messages = new ArrayList<>();
    for (EventRow row : rows) {
      JsonNode data = info.parse(row.data());
      boolean inbound = MessageEvents.INBOUND.equals(data.path("direction").asText(null));
      String status = data.path("status").asText("");
      if (!inbound && !status.equals("SENT") && !status.equals("UNCONFIRMED")) {
        continue;
      }
      ObjectNode content = json.createObjectNode();
      content.put("text", MessageEvents.text(data));
      JsonNode subject = data.path("content").path("subject");
      if (subject.isTextual()) {
        content.put("subject", subject.asText());
      }
      messages.add(
          new MessageView(content, row.occurredAt().toString(), inbound ? "lead" : "user"));
    }
    return new MessagesView(messages);
  }

  /** A stored lead as the API shows it; its context null leaves it out (the list's items). */
  private LeadView view(ShownLead shown) {
    LeadRow row = shown.lead();
    FollowUpState state = FollowUpStateJson.of(row);
    return new LeadView(
        row.id(),
        row.firstName(),
        row.lastName(),
        row.phone(),
        row.email(),
        row.timezone(),
        row.state(),
        shown.consent() == null ? null : info.parse(shown.consent()),
        row.customerProfile(),
        info.parse(row.additionalInfo()),
        row.hasReplied(),
        row.isUnsubscribed(),
        row.emailUnsubscribed(),
        row.followUpStep(),
        row.followUpStatus(),
        text(row.nextFollowUpAt()),
        configView(state),
        state.useStrategiesForFollowUps(),
        row.createdAt().toString(),
        row.updatedAt().toString(),
        row.externalLeadId(),
        row.isHot(),
        row.isQualified(),
        !FollowUpStatus.STOPPED.name().equals(row.followUpStatus()),
        TagView.of(row.hasReplied()),
        row.summary(),
        text(shown.lastActivityAt()),
        row.deletedAt() != null,
        text(row.deletedAt()),
        shown.context(),
        text(state.resumeAt()));
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
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
                          .numberNode(new BigDecimal(Double.toString(hours)).stripTrailingZeros()));
        });
    return config;
  }

  /** The instants a query may name: years 1970 to 9999. */
  static final Instant EARLIEST = Instant.EPOCH;

  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  static Instant instant(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Instant instant;
    try {
      instant = Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          field, "must be an ISO-8601 UTC instant such as 2026-01-31T12:00:00Z");
    }
    if (!inRange(instant)) {
      throw ApiException.badRequest(
          field, "must be from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
    }
    return instant;
  }

  private static boolean inRange(Instant instant) {
    return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
  }

  private static Set<String> eventTypes() {
    Set<String> names = new LinkedHashSet<>();
    for (EventType type : EventType.values()) {
      names.add(type.name());
    }
    return Collections.unmodifiableSet(names);
  }
}
