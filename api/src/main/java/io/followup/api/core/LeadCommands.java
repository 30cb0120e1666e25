package io.followup.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.api.core.command.AddContext;
import io.followup.api.core.command.Consent;
import io.followup.api.core.command.CreateLead;
import io.followup.api.core.command.UpdateLead;
import io.followup.domain.events.EventType;
import io.followup.domain.optout.OptOut;
import io.followup.store.EventStatements;
import io.followup.store.FollowUpStateJson;
import io.followup.store.InboundDao;
import io.followup.store.LeadClock;
import io.followup.store.LeadDao;
import io.followup.store.LeadErasure;
import io.followup.store.LeadMessageRow;
import io.followup.store.LeadProfile;
import io.followup.store.LeadRow;
import io.followup.store.LeadStatements;
import io.followup.store.OptOuts;
import io.followup.store.RequestKeyDao;
import io.followup.store.Sql;
import io.followup.store.webhooks.WebhookOutbox;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpRejection;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.OneOffMessage;
import io.followup.workflows.schedule.FollowUpSchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write use cases, create and update. A change to the follow-up schedule goes to the lead's
 * workflow while the lead row is locked, and the row takes the state the workflow returned in the
 * same transaction: the database and the workflow see updates in the same order, and a rejected or
 * failed update leaves both as they were.
 */
public final class LeadCommands implements LeadWrites {
  private static final Logger log = LoggerFactory.getLogger(LeadCommands.class);

  private final Jdbi jdbi;
  private final FollowUpGateway followUps;
  private final LeadRequests requests;
  private final ObjectMapper json;
  private final AdditionalInfo additionalInfo;
  private final Clock clock;
  private final WebhookOutbox webhooks;
  private final OptOuts optOuts;
  private final OneOffMessages messages;
  private final LeadChangeEvents events;

  /**
   * @param replyResume {@code REPLY_RESUME_HOURS} (zero: off): a one-off message sent to a replied
   *     lead starts its quiet time again
   */
  public LeadCommands(
      Jdbi jdbi,
      FollowUpGateway followUps,
      LeadRequests requests,
      ObjectMapper json,
      Clock clock,
      WebhookOutbox webhooks,
      Duration replyResume) {
    this.webhooks = webhooks;
    this.optOuts = new OptOuts(json, webhooks);
    this.jdbi = jdbi;
    this.followUps = followUps;
    this.requests = requests;
    this.json = json;
    this.additionalInfo = new AdditionalInfo(json);
    this.clock = clock;
    this.events = new LeadChangeEvents(json, webhooks);
    this.messages = new OneOffMessages(jdbi, followUps, requests, clock, replyResume);
  }

  @Override
  public String create(JsonNode body) {
    return create(body, null);
  }

  @Override
  public String create(JsonNode body, String idempotencyKey) {
    CreateLead lead = requests.parseCreate(body);
    ConsentFields.checkCaptured(lead.consent(), clock.instant());
    String requestHash = idempotencyKey == null ? null : RequestHash.of(body.toString());
    if (idempotencyKey != null) {
      var first =
          Database.call(
              () -> jdbi.withExtension(RequestKeyDao.class, dao -> dao.findCreate(idempotencyKey)));
      if (first.isPresent()) {
        if (!first.get().requestHash().equals(requestHash)) {
          throw ApiException.badRequest("idempotencyKey", "was already used with a different body");
        }
        return first.get().leadId();
      }
    }
    String id = UUID.randomUUID().toString();
    Instant now = clock.instant();
    FollowUpState unscheduled = FollowUpState.unscheduled(id);
    ObjectNode info =
        lead.additionalInfo() == null
            ? json.createObjectNode()
            : additionalInfo.merge("{}", lead.additionalInfo());
    // the number texted STOP (no START since) before any lead had it: created opted out
    boolean optedOutBefore = lead.phone() != null && optedOutBeforeCreate(lead.phone());
    LeadRow row = NewLeads.row(id, lead, info.toString(), unscheduled, now);
    FollowUpChange change =
        new FollowUpChange(
            lead.followUpConfig(),
            lead.followUpStep(),
            lead.useStrategiesForFollowUps(),
            lead.timezone(),
            optedOutBefore ? Boolean.TRUE : null);
    // a new lead's state is known: its rules are checked here, before a workflow is started
    try {
      FollowUpSchedule.apply(unscheduled, change, now, followUps.options());
    } catch (FollowUpRejection rejection) {
      throw ApiException.badRequest(rejection.field(), rejection.rule());
    }
    boolean[] workflowCalled = {false};
    try {
      createRow(
          row,
          lead.consent(),
          optedOutBefore,
          unscheduled,
          change,
          info,
          body,
          now,
          workflowCalled,
          idempotencyKey,
          requestHash);
    } catch (RuntimeException e) {
      if (workflowCalled[0]) {
        // the lead was not stored: its workflow, if it started, must not run on its own
        followUps.discard(id);
      }
      throw e;
    }
    return id;
  }

  /** Whether the latest opt-out/opt-in keyword texted from {@code phone} (E.164) is an opt-out. */
  private boolean optedOutBeforeCreate(String phone) {
    return Database.call(
        () ->
            jdbi.withExtension(InboundDao.class, dao -> dao.latestKeyword(phone))
                .map(InboundKeywords.Kind.OPT_OUT.name()::equals)
                .orElse(false));
  }

  private void createRow(
      LeadRow row,
      Consent consent,
      boolean optedOutBefore,
      FollowUpState unscheduled,
      FollowUpChange change,
      ObjectNode info,
      JsonNode body,
      Instant now,
      boolean[] workflowCalled,
      String idempotencyKey,
      String requestHash) {
    String id = row.id();
    Database.inTransaction(
        jdbi,
        handle -> {
          if (idempotencyKey != null) {
            // with the lead, in its transaction: a lead created is a key kept, and a second
            // create under the key waits here, then fails on the key, not on a second lead
            try {
              handle.attach(RequestKeyDao.class).insertCreate(idempotencyKey, id, requestHash, now);
            } catch (RuntimeException e) {
              if (Sql.isUniqueViolation(e)) {
                throw new ApiException(
                    409,
                    "idempotencyKey: another request created a lead under this key meanwhile;"
                        + " repeat this one to get its id");
              }
              throw e;
            }
          }
          try {
            LeadStatements.insert(handle, row);
          } catch (RuntimeException e) {
            if (Sql.isUniqueViolation(e)) {
              throw new ApiException(
                  409, "phone: a lead with phone " + row.phone() + " already exists");
            }
            throw e;
          }
          if (optedOutBefore) {
            optOuts.record(handle, id, OptOut.keywordBeforeCreate(), now);
          }
          events.consent(handle, id, consent, now);
          workflowCalled[0] = true;
          FollowUpState state = followUps.start(unscheduled, change, "create:" + id);
          LeadStatements.update(handle, id, row.profile(), state, now);
          if (change.touchesSchedule()) {
            events.change(handle, id, body, state, now);
          }
          LeadClock.stampCreated(handle, id, now);
        });
  }

  /**
   * @param idempotencyKey when given, a repeat of the same request returns the first answer and
   *     changes nothing (the workflow is not reset a second time)
   */
  @Override
  public void update(String leadId, JsonNode body, String idempotencyKey) {
    UpdateLead update = requests.parseUpdate(body);
    ConsentFields.checkCaptured(update.consent(), clock.instant());
    String requestHash = RequestHash.of(body.toString());
    boolean[] workflowTook = {false};
    Instant[] changedAt = {null};
    try {
      Database.inTransaction(
          jdbi,
          handle -> {
            LeadRow row =
                LeadStatements.lock(handle, leadId)
                    .orElseThrow(() -> ApiException.notFound(leadId));
            if (idempotencyKey != null) {
              var stored =
                  handle.attach(RequestKeyDao.class).findRequestHash(leadId, idempotencyKey);
              if (stored.isPresent()) {
                if (!stored.get().equals(requestHash)) {
                  throw ApiException.badRequest(
                      "Idempotency-Key", "was already used with a different body");
                }
                return;
              }
            }
            if (!update.isEmpty()) {
              Instant now = clock.instant();
              FollowUpState state = FollowUpStateJson.of(row);
              FollowUpChange change = update.followUpChange();
              if (change != null) {
                // a retry of a request that timed out reuses its update id, so Temporal
                // applies it once: the caller's key, else the stored revision and the body
                String updateId =
                    idempotencyKey != null
                        ? "patch:" + idempotencyKey
                        : "patch:" + row.revision() + ":" + requestHash;
                FollowUpState before = state;
                state = followUps.apply(state, change, updateId);
                workflowTook[0] = true;
                LeadChangeEvents.pause(handle, leadId, before, state, now);
              }
              String info =
                  update.additionalInfo() == null
                      ? row.additionalInfo()
                      : events.additionalInfo(handle, row, update.additionalInfo());
              LeadStatements.update(
                  handle, leadId, profileAfter(update, row.profile(), info), state, now);
              events.consent(handle, leadId, update.consent(), now);
              events.change(handle, leadId, body, state, now);
              changedAt[0] = now;
            }
            if (idempotencyKey != null) {
              handle
                  .attach(RequestKeyDao.class)
                  .insert(leadId, idempotencyKey, requestHash, clock.instant());
            }
            if (changedAt[0] != null) {
              LeadClock.stamp(handle, leadId, changedAt[0]);
            }
          });
    } catch (ApiException e) {
      if (workflowTook[0] && e.status() == 503) {
        // the lead's workflow took the change, the database did not: the stored lead is as it
        // was; the schedule moved, and the same request, retried, completes the change once
        log.warn("lead {}: the workflow took a change the database did not store", leadId);
        throw new ApiException(
            503,
            "the database is unavailable; the lead was not changed, but its follow-up schedule may"
                + " already have taken the change. Retry the same request: it is applied once");
      }
      throw e;
    }
  }

  /**
   * The one merge of a PATCH into the stored fields ({@link LeadProfile}): an absent field keeps
   * the stored value, {@code externalLeadId}, {@code summary} and {@code state} set to null clear
   * it; {@code additionalInfo} is the merged JSON text. Here rather than on {@link UpdateLead}: the
   * API's commands are plain data, without the store's types (ArchitectureTest).
   */
  static LeadProfile profileAfter(UpdateLead update, LeadProfile stored, String additionalInfo) {
    return new LeadProfile(
        update.email() != null ? update.email() : stored.email(),
        update.timezone() != null ? update.timezone() : stored.timezone(),
        additionalInfo,
        update.externalLeadId() != null
            ? update.externalLeadId().orElse(null)
            : stored.externalLeadId(),
        update.isHot() != null ? update.isHot() : stored.isHot(),
        update.isQualified() != null ? update.isQualified() : stored.isQualified(),
        update.summary() != null ? update.summary().orElse(null) : stored.summary(),
        update.state() != null ? update.state().orElse(null) : stored.state());
  }

  @Override
  public void addContext(String leadId, JsonNode body) {
    AddContext added = requests.parseAddContext(body);
    Database.inTransaction(
        jdbi,
        handle -> {
          LeadRow row =
              LeadStatements.lock(handle, leadId).orElseThrow(() -> ApiException.notFound(leadId));
          Instant now = clock.instant();
          String info =
              added.additionalInfo() == null
                  ? row.additionalInfo()
                  : events.additionalInfo(handle, row, added.additionalInfo());
          handle.attach(LeadDao.class).updateContext(leadId, added.context(), info, now);
          if (added.context() != null || added.command() != null) {
            ObjectNode data = json.createObjectNode();
            if (added.context() != null) {
              data.put("context", added.context());
            }
            if (added.command() != null) {
              // kept for the caller to read back; nothing executes it (docs/DECISIONS.md)
              data.put("command", added.command());
            }
            EventStatements.insertEventHoldingLock(
                handle, leadId, EventType.CONTEXT_ADDED, now, data.toString());
          }
          LeadClock.stamp(handle, leadId, now);
        });
  }

  /**
   * Under the lead's row lock (as PATCH: no update interleaves), its workflow is ended, then its
   * data erased ({@link LeadErasure#erase}) and committed: a failure to end the workflow changes
   * nothing (503, retry), and no PATCH can start a new run between the two.
   */
  @Override
  public void delete(String leadId) {
    Database.inTransaction(
        jdbi,
        handle -> {
          LeadErasure.Erasure found = LeadErasure.lockForErasure(handle, leadId);
          if (found == LeadErasure.Erasure.UNKNOWN) {
            throw ApiException.notFound(leadId);
          }
          // erased already: its workflow is ended again (a no-op), the answer the same
          followUps.end(leadId);
          if (found == LeadErasure.Erasure.LIVE) {
            Instant now = clock.instant();
            LeadErasure.erase(handle, leadId, now);
            LeadClock.stamp(handle, leadId, now);
          }
        });
  }

  /** {@link OneOffMessages#send}. */
  @Override
  public void sendMessage(String leadId, JsonNode body, String idempotencyKey) {
    messages.send(leadId, body, idempotencyKey);
  }

  /**
   * The one re-send of an expired text: stored with its {@code EXPIRED} status ({@link
   * io.followup.store.ExpiredResends}), handed to the workflow here (SPEC "Compliance").
   */
  public ExpiredTextResends expiredResends() {
    return new ExpiredTextResends(jdbi, messages, clock);
  }

  /**
   * What the workflow keeps of a stored message: never its text ({@link OneOffMessages#oneOff});
   * the operator command that re-creates workflows hands the pending ones over with it.
   */
  public static OneOffMessage oneOff(LeadMessageRow row) {
    return OneOffMessages.oneOff(row);
  }
}
