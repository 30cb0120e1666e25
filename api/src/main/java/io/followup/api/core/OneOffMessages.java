package io.followup.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.followup.api.core.command.SendMessage;
import io.followup.store.FollowUpStateJson;
import io.followup.store.LeadMessageDao;
import io.followup.store.LeadMessageRow;
import io.followup.store.LeadRow;
import io.followup.store.LeadStatements;
import io.followup.workflows.RequestIds;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.model.Inbound;
import io.followup.workflows.model.OneOffMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-off messages ({@code sendMessage}, SPEC "Conversations"): stored, handed to the lead's
 * workflow, marked accepted. The message's text stays in the store; the workflow keeps its id.
 */
final class OneOffMessages {
  private static final Logger log = LoggerFactory.getLogger(OneOffMessages.class);

  private final Jdbi jdbi;
  private final FollowUpGateway followUps;
  private final LeadRequests requests;
  private final Clock clock;

  /** {@code REPLY_RESUME_HOURS} in milliseconds; null when off. */
  private final Long quietResumeMillis;

  OneOffMessages(
      Jdbi jdbi,
      FollowUpGateway followUps,
      LeadRequests requests,
      Clock clock,
      Duration replyResume) {
    this.jdbi = jdbi;
    this.followUps = followUps;
    this.requests = requests;
    this.clock = clock;
    this.quietResumeMillis =
        replyResume == null || replyResume.isZero() ? null : replyResume.toMillis();
  }

  /**
   * An identical request (same body, no Idempotency-Key) within this long of an earlier one is
   * taken as its retry: the message is sent once. Long enough for a client's automatic retries and
   * a double click, short enough that the same text sent again on purpose (a second "are you
   * there?") goes again. A client that retries for longer sends an Idempotency-Key.
   */
  static final Duration MESSAGE_RETRY_WINDOW = Duration.ofSeconds(60);

  /**
   * {@code POST /v1/leads/{id}/sendMessage}. Stores the message (committed first, so the send
   * activity always finds its text), then, holding the lead's row lock, hands it to the lead's
   * workflow and marks it accepted in the same transaction. A retried request finds its stored
   * message (by Idempotency-Key, else by identical body within {@link #MESSAGE_RETRY_WINDOW}) and
   * reuses its id, which is also the update id and the send's idempotency key: sent at most once.
   */
  public void send(String leadId, JsonNode body, String idempotencyKey) {
    Instant now = clock.instant();
    SendMessage request = requests.parseSendMessage(body, now);
    String requestHash = RequestHash.of(body.toString());
    LeadMessageRow[] stored = new LeadMessageRow[1];
    Database.inTransaction(
        jdbi,
        handle -> {
          LeadRow row =
              LeadStatements.lock(handle, leadId).orElseThrow(() -> ApiException.notFound(leadId));
          LeadMessageDao messages = handle.attach(LeadMessageDao.class);
          Optional<LeadMessageRow> earlier =
              idempotencyKey != null
                  ? messages.findByKey(leadId, idempotencyKey)
                  : messages.findRetry(leadId, requestHash, now.minus(MESSAGE_RETRY_WINDOW));
          if (earlier.isPresent()) {
            if (!earlier.get().requestHash().equals(requestHash)) {
              throw ApiException.badRequest(
                  "Idempotency-Key", "was already used with a different body");
            }
            stored[0] = earlier.get();
            if (stored[0].accepted()) {
              return;
            }
          }
          if (row.isUnsubscribed()) {
            throw new ApiException(409, "lead has opted out of texts");
          }
          boolean off =
              FollowUpStatus.STOPPED.name().equals(row.followUpStatus())
                  || FollowUpStatus.REPLIED.name().equals(row.followUpStatus());
          if (off && !request.sendWhenOff()) {
            throw new ApiException(
                409, "follow-ups are stopped for this lead; set sendWhenOff to send anyway");
          }
          if (stored[0] == null) {
            stored[0] =
                new LeadMessageRow(
                    UUID.randomUUID().toString(),
                    leadId,
                    idempotencyKey,
                    requestHash,
                    request.message(),
                    request.scheduledTime() == null || request.scheduledTime().isBefore(now)
                        ? now
                        : request.scheduledTime(),
                    request.overrideBusinessHours(),
                    request.sendWhenOff(),
                    request.scheduleFollowUps(),
                    false,
                    now);
            messages.insert(stored[0]);
          }
        });
    if (stored[0].accepted()) {
      log.info("lead {}: message {} was accepted already", leadId, stored[0].id());
      return;
    }
    String id = stored[0].id();
    try {
      handOver(leadId, id, stored[0]);
    } catch (ApiException refused) {
      if (refused.status() < 400 || refused.status() >= 500) {
        throw refused;
      }
      // the workflow refused it (a rule, e.g. 50 pending): nothing of it stays, and its
      // Idempotency-Key is free again (a 5xx keeps the row: the workflow may have it)
      Database.inTransaction(
          jdbi,
          handle -> {
            LeadStatements.lock(handle, leadId);
            handle.attach(LeadMessageDao.class).deleteRefused(id);
          });
      throw refused;
    }
  }

  /**
   * Hands a stored message no request will retry (the re-send of an expired text, {@link
   * io.followup.store.ExpiredResends}) to the lead's workflow, under the message's rules: a lead
   * who opted out, or whose follow-ups are stopped or replied (and the message not {@code
   * sendWhenOff}), is not texted, and the row is deleted, as is one the workflow refuses (4xx); a
   * 5xx (Temporal unreachable) keeps it, not accepted, for a later try. Returns whether the
   * workflow has it.
   */
  boolean handOverStored(LeadMessageRow message) {
    String leadId = message.leadId();
    String id = message.id();
    String[] refusal = {null};
    boolean[] pending = {false};
    Database.inTransaction(
        jdbi,
        handle -> {
          Optional<LeadRow> lead = LeadStatements.lock(handle, leadId);
          LeadMessageDao messages = handle.attach(LeadMessageDao.class);
          Optional<LeadMessageRow> current = messages.find(id);
          if (current.isEmpty() || current.get().accepted()) {
            return;
          }
          boolean off =
              lead.isPresent()
                  && (FollowUpStatus.STOPPED.name().equals(lead.get().followUpStatus())
                      || FollowUpStatus.REPLIED.name().equals(lead.get().followUpStatus()));
          refusal[0] =
              lead.isEmpty()
                  ? "no such lead"
                  : lead.get().isUnsubscribed()
                      ? "opted out"
                      : off && !message.sendWhenOff() ? "follow-ups are off" : null;
          if (refusal[0] != null) {
            messages.deleteRefused(id);
          } else {
            pending[0] = true;
          }
        });
    if (refusal[0] != null) {
      log.info("lead {}: message {} not sent ({})", leadId, id, refusal[0]);
    }
    if (!pending[0]) {
      return false;
    }
    try {
      handOver(leadId, id, message);
      return true;
    } catch (ApiException refused) {
      if (refused.status() < 400 || refused.status() >= 500) {
        throw refused;
      }
      log.info("lead {}: message {} refused by its workflow ({})", leadId, id, refused.status());
      Database.inTransaction(
          jdbi,
          handle -> {
            LeadStatements.lock(handle, leadId);
            handle.attach(LeadMessageDao.class).deleteRefused(id);
          });
      return false;
    }
  }

  private void handOver(String leadId, String id, LeadMessageRow message) {
    LeadMessageRow[] stored = {message};
    // the hand-over under the lead's row lock, as every call to a lead's workflow
    // (docs/ARCHITECTURE.md, "The lead and its workflow in step"); the text committed above
    Database.inTransaction(
        jdbi,
        handle -> {
          LeadRow current =
              LeadStatements.lock(handle, leadId).orElseThrow(() -> ApiException.notFound(leadId));
          LeadMessageDao messages = handle.attach(LeadMessageDao.class);
          List<OneOffMessage> pending =
              messages.pending(leadId).stream()
                  .filter(m -> !m.id().equals(id))
                  .map(OneOffMessages::oneOff)
                  .toList();
          FollowUpState projection = FollowUpStateJson.of(current);
          try {
            followUps.sendMessage(
                projection,
                pending,
                oneOff(stored[0]).withQuietResumeMillis(quietResumeMillis),
                "msg:" + id);
          } catch (FollowUpGateway.OptedOut workflowView) {
            // the stored flag said subscribed: the workflow missed a START (Temporal was
            // unreachable when it came); the stored flag wins, the workflow learns it, and the
            // message goes
            if (current.isUnsubscribed()) {
              throw workflowView;
            }
            log.info("lead {}: the workflow missed an opt-in; told before message", leadId);
            followUps.recordInbound(
                projection,
                Inbound.of(Inbound.Kind.OPT_IN).withRequestId(RequestIds.current()),
                "opt-in-sync:" + id);
            followUps.sendMessage(
                projection,
                pending,
                oneOff(stored[0]).withQuietResumeMillis(quietResumeMillis),
                "msg:" + id);
          }
          messages.markAccepted(id);
        });
  }

  /** What the workflow keeps of a stored message: never its text. */
  public static OneOffMessage oneOff(LeadMessageRow row) {
    return new OneOffMessage(
        row.id(),
        row.sendAt(),
        row.overrideBusinessHours(),
        row.sendWhenOff(),
        row.scheduleFollowUps(),
        null,
        // the setting is not stored with the message: one re-created after a restart of the
        // embedded run does not start the quiet time again (docs/DECISIONS.md)
        null);
  }
}
