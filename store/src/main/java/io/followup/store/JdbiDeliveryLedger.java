package io.followup.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.domain.events.EventType;
import io.followup.domain.ledger.Claim;
import io.followup.domain.ledger.DeliveryLedger;
import io.followup.domain.ledger.LedgerEntry;
import io.followup.domain.ledger.RecordedSend;
import io.followup.store.webhooks.WebhookEvents;
import io.followup.store.webhooks.WebhookLead;
import io.followup.store.webhooks.WebhookOutbox;
import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendDeferral;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.model.Channel;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The delivery ledger in the database. Completing a send also records the lead's event (MESSAGE,
 * CALL, EMAIL or COMPLIANCE_BLOCKED) in the same transaction, so events and ledger never disagree,
 * and its webhook ({@code message.sent}, {@code call.completed}) in the outbox.
 */
public final class JdbiDeliveryLedger implements DeliveryLedger {
  private static final String PENDING = "PENDING";

  private final Jdbi jdbi;
  private final ObjectMapper json;
  private final Clock clock;
  private final WebhookOutbox webhooks;

  /** Without webhooks. */
  public JdbiDeliveryLedger(Jdbi jdbi, ObjectMapper json, Clock clock) {
    this(jdbi, json, clock, WebhookOutbox.none());
  }

  public JdbiDeliveryLedger(Jdbi jdbi, ObjectMapper json, Clock clock, WebhookOutbox webhooks) {
    this.jdbi = jdbi;
    this.json = json;
    this.clock = clock;
    this.webhooks = webhooks;
  }

  @Override
  public Claim claim(String idempotencyKey, String leadId, int followUpStep, Channel channel) {
    return Sql.forActivity(() -> claimOrFind(idempotencyKey, leadId, followUpStep, channel));
  }

  private Claim claimOrFind(
      String idempotencyKey, String leadId, int followUpStep, Channel channel) {
    try {
      jdbi.useExtension(
          DeliveryDao.class,
          dao ->
              dao.insertPending(
                  idempotencyKey, leadId, followUpStep, channel.wireName(), clock.instant()));
      return new Claim(toEntry(row(idempotencyKey).orElseThrow()), true);
    } catch (RuntimeException e) {
      if (!Sql.isUniqueViolation(e)) {
        throw e;
      }
      return new Claim(row(idempotencyKey).map(JdbiDeliveryLedger::toEntry).orElseThrow(), false);
    }
  }

  private Optional<DeliveryRow> row(String key) {
    return jdbi.withExtension(DeliveryDao.class, dao -> dao.find(key));
  }

  @Override
  public RecordedSend complete(String idempotencyKey, RecordedSend result) {
    if (!idempotencyKey.equals(result.idempotencyKey())) {
      throw new IllegalArgumentException(
          "result of " + result.idempotencyKey() + " recorded under " + idempotencyKey);
    }
    return Sql.forActivity(() -> completeOnce(idempotencyKey, result));
  }

  private RecordedSend completeOnce(String idempotencyKey, RecordedSend result) {
    return jdbi.inTransaction(
        handle -> {
          DeliveryDao deliveries = handle.attach(DeliveryDao.class);
          DeliveryRow claimed =
              deliveries
                  .find(idempotencyKey)
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "send " + idempotencyKey + " was never claimed"));
          DeliveryRow completed =
              new DeliveryRow(
                  idempotencyKey,
                  claimed.leadId(),
                  claimed.followUpStep(),
                  result.channel().wireName(),
                  result.status().name(),
                  result.strategyId(),
                  result.content(),
                  result.subject(),
                  result.providerId(),
                  result.detail(),
                  claimed.claimedAt(),
                  clock.instant());
          if (deliveries.complete(completed) == 1) {
            EventType type = EventType.ofSend(result.channel(), result.status());
            // keyed by the send, so that a later delivery status finds the event and moves it
            EventStatements.insertEventOnce(
                handle,
                completed.leadId(),
                type,
                completed.completedAt(),
                eventData(completed, type, result.reason()),
                MessageEvents.sendKey(idempotencyKey));
            enqueueWebhook(handle, completed, result.durationSeconds());
            // status callbacks that came before this completion (a call's busy, say)
            DeliveryStatuses.claimKept(handle, json, completed, completed.completedAt());
            return result;
          }
          return toEntry(deliveries.find(idempotencyKey).orElseThrow()).result();
        });
  }

  @Override
  public boolean release(String idempotencyKey) {
    return Sql.forActivity(
            () -> jdbi.withExtension(DeliveryDao.class, dao -> dao.deletePending(idempotencyKey)))
        == 1;
  }

  @Override
  public Optional<LedgerEntry> find(String idempotencyKey) {
    return Sql.forActivity(() -> row(idempotencyKey).map(JdbiDeliveryLedger::toEntry));
  }

  @Override
  public List<LedgerEntry> listByLead(String leadId) {
    return Sql.forActivity(
        () ->
            jdbi.withExtension(DeliveryDao.class, dao -> dao.listByLead(leadId)).stream()
                .map(JdbiDeliveryLedger::toEntry)
                .toList());
  }

  /** A cap's deferral (daily or regional): a COMPLIANCE_BLOCKED event, no delivery row. */
  @Override
  public void recordDeferral(SendDeferral deferral) {
    ObjectNode data = json.createObjectNode();
    // the attempt waits: it is neither sent nor blocked for good
    data.put("status", "DEFERRED");
    data.put("reason", deferral.reason());
    data.put("followUpStep", deferral.followUpStep());
    data.put("channel", deferral.channel().wireName());
    data.put("deferredUntil", deferral.deferredUntil().toString());
    data.put("idempotencyKey", deferral.idempotencyKey());
    data.put("sendsInLastDay", deferral.sendsInLastDay());
    data.put("cap", deferral.cap());
    if (deferral.region() != null) {
      data.put("region", deferral.region());
    }
    Sql.forActivity(
        () ->
            jdbi.useHandle(
                handle ->
                    EventStatements.insertEventOnce(
                        handle,
                        deferral.leadId(),
                        EventType.COMPLIANCE_BLOCKED,
                        clock.instant(),
                        data.toString(),
                        // a retried attempt of the same deferral records nothing more
                        "deferral:" + deferral.idempotencyKey() + ":" + deferral.deferredUntil())));
  }

  /**
   * A text or email SENT is {@code message.sent}; a call's outcome (ANSWERED, NO_ANSWER, FAILED,
   * VOICEMAIL_LEFT when the call itself left it) and a voicemail left (SENT) are {@code
   * call.completed}. Nothing for a blocked, unconfirmed or failed-voicemail send (the call before
   * it already reported NO_ANSWER).
   *
   * @param durationSeconds a call's duration as the provider reported it with the outcome; null
   *     when it did not (a call decided while still in progress, a provider without durations)
   */
  private void enqueueWebhook(Handle handle, DeliveryRow row, Integer durationSeconds) {
    if (!webhooks.enabled()) {
      return;
    }
    Channel channel = Channel.fromWire(row.channel());
    DeliveryStatus status = DeliveryStatus.valueOf(row.status());
    String outcome =
        switch (channel) {
          case CALL ->
              switch (status) {
                // VOICEMAIL_LEFT: a provider that detects machines left it on the call itself
                case ANSWERED, NO_ANSWER, FAILED, VOICEMAIL_LEFT -> status.name();
                default -> null;
              };
          case VOICEMAIL -> status == DeliveryStatus.SENT ? "VOICEMAIL_LEFT" : null;
          case TEXT, EMAIL -> status == DeliveryStatus.SENT ? "SENT" : null;
        };
    if (outcome == null) {
      return;
    }
    WebhookLead lead =
        LeadStatements.find(handle, row.leadId())
            .map(WebhookLead::of)
            .orElseGet(() -> WebhookLead.gone(row.leadId()));
    if (channel == Channel.CALL || channel == Channel.VOICEMAIL) {
      webhooks.enqueue(
          handle,
          WebhookEvents.CALL_COMPLETED,
          row.leadId(),
          WebhookEvents.callCompleted(
              lead, row.providerId(), durationSeconds, row.followUpStep(), outcome));
      return;
    }
    webhooks.enqueue(
        handle,
        WebhookEvents.MESSAGE_SENT,
        row.leadId(),
        WebhookEvents.messageSent(
            lead,
            channel == Channel.EMAIL ? "email" : "sms",
            isFollowUp(row),
            isFollowUp(row) ? row.followUpStep() : null,
            row.content(),
            row.subject(),
            row.strategyId()));
  }

  /** A one-off message ({@code sendMessage}) is recorded with step {@link SendRequest#ONE_OFF}. */
  private static boolean isFollowUp(DeliveryRow row) {
    return row.followUpStep() != SendRequest.ONE_OFF;
  }

  /**
   * @param reason a blocked send's {@link io.followup.domain.ledger.BlockReason}; null otherwise
   */
  private String eventData(DeliveryRow row, EventType type, String reason) {
    ObjectNode data = json.createObjectNode();
    if (isFollowUp(row)) {
      data.put("followUpStep", row.followUpStep());
    } else {
      data.putNull("followUpStep");
    }
    data.put("isFollowUp", isFollowUp(row));
    data.put("channel", row.channel());
    data.put("status", row.status());
    if (reason != null) {
      data.put("reason", reason);
      if (io.followup.domain.ledger.BlockReason.fromComplianceCheck(reason)) {
        // the organisation's compliance middleware decided it
        data.put("source", "http");
      }
    }
    if (row.strategyId() != null) {
      data.put("strategyId", row.strategyId());
    }
    if (type == EventType.MESSAGE) {
      MessageEvents.put(data, MessageEvents.OUTBOUND, MessageEvents.SMS, row.content(), null);
    } else if (type == EventType.EMAIL) {
      // the subject is the ledger's own column (V13): the content is the text body alone
      MessageEvents.put(
          data, MessageEvents.OUTBOUND, MessageEvents.EMAIL, row.content(), row.subject());
    } else {
      // a call's script, a blocked send's text: no message; a blocked email keeps its subject
      if (row.subject() != null) {
        data.put("subject", row.subject());
      }
      data.put("content", row.content());
    }
    data.put("idempotencyKey", row.idempotencyKey());
    if (row.detail() != null) {
      data.put("detail", row.detail());
    }
    return data.toString();
  }

  private static LedgerEntry toEntry(DeliveryRow row) {
    Channel channel = Channel.fromWire(row.channel());
    RecordedSend result =
        PENDING.equals(row.status())
            ? null
            : new RecordedSend(
                row.idempotencyKey(),
                channel,
                DeliveryStatus.valueOf(row.status()),
                row.strategyId(),
                row.content(),
                row.subject(),
                row.providerId(),
                row.detail(),
                null);
    return new LedgerEntry(
        row.idempotencyKey(),
        row.leadId(),
        row.followUpStep(),
        channel,
        row.claimedAt(),
        result,
        row.completedAt());
  }
}
