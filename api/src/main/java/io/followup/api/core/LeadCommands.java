package io.followup.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.domain.events.EventType;
import io.followup.domain.optout.OptOut;
import io.followup.store.EventDao;
import io.followup.store.FollowUpStateJson;
import io.followup.store.InboundDao;
import io.followup.store.LeadDao;
import io.followup.store.LeadMessageDao;
import io.followup.store.LeadMessageRow;
import io.followup.store.LeadRow;
import io.followup.store.LeadStatements;
import io.followup.store.OptOuts;
import io.followup.store.RequestKeyDao;
import io.followup.store.Sql;
import io.followup.store.webhooks.WebhookEvents;
import io.followup.store.webhooks.WebhookLead;
import io.followup.store.webhooks.WebhookOutbox;
import io.followup.workflows.RequestIds;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpRejection;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.model.Inbound;
import io.followup.workflows.model.OneOffMessage;
import io.followup.workflows.schedule.FollowUpSchedule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.UnableToRestoreAutoCommitStateException;
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

  /** Without webhooks. */
  public LeadCommands(
      Jdbi jdbi, FollowUpGateway followUps, LeadRequests requests, ObjectMapper json, Clock clock) {
    this(jdbi, followUps, requests, json, clock, WebhookOutbox.none());
  }

  public LeadCommands(
      Jdbi jdbi,
      FollowUpGateway followUps,
      LeadRequests requests,
      ObjectMapper json,
      Clock clock,
      WebhookOutbox webhooks) {
    this.webhooks = webhooks;
    this.optOuts = new OptOuts(json, webhooks);
    this.jdbi = jdbi;
    this.followUps = followUps;
    this.requests = requests;
    this.json = json;
    this.additionalInfo = new AdditionalInfo(json);
    this.clock = clock;
  }

  @Override
  public String create(JsonNode body) {
    CreateLead lead = requests.parseCreate(body);
    String id = UUID.randomUUID().toString();
    Instant now = clock.instant();
    FollowUpState unscheduled = FollowUpState.unscheduled(id);
    ObjectNode info =
        lead.additionalInfo() == null
            ? json.createObjectNode()
            : additionalInfo.merge("{}", lead.additionalInfo());
    // the number texted STOP (no START since) before any lead had it: created opted out
    boolean optedOutBefore = lead.phone() != null && optedOutBeforeCreate(lead.phone());
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
            // set with its OPT_OUT event below (OptOuts), in the insert's transaction
            false,
            unscheduled.followUpStep(),
            unscheduled.followUpStatus().name(),
            null,
            FollowUpStateJson.write(unscheduled),
            0,
            0,
            0,
            now,
            now,
            false);
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
      createRow(row, optedOutBefore, unscheduled, change, info, body, now, workflowCalled);
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
      boolean optedOutBefore,
      FollowUpState unscheduled,
      FollowUpChange change,
      ObjectNode info,
      JsonNode body,
      Instant now,
      boolean[] workflowCalled) {
    String id = row.id();
    inTransaction(
        handle -> {
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
          workflowCalled[0] = true;
          FollowUpState state = followUps.start(unscheduled, change, "create:" + id);
          LeadStatements.update(
              handle, withState(row, row.email(), row.timezone(), info.toString(), state, now));
          if (change.touchesSchedule()) {
            recordChange(handle, id, body, state, now);
          }
        });
  }

  /**
   * @param idempotencyKey when given, a repeat of the same request returns the first answer and
   *     changes nothing (the workflow is not reset a second time)
   */
  @Override
  public void update(String leadId, JsonNode body, String idempotencyKey) {
    UpdateLead update = requests.parseUpdate(body);
    String requestHash = hash(body.toString());
    boolean[] workflowTook = {false};
    try {
      inTransaction(
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
                state = followUps.apply(state, change, updateId);
                workflowTook[0] = true;
              }
              String info =
                  update.additionalInfo() == null
                      ? row.additionalInfo()
                      : mergeAdditionalInfo(handle, row, update.additionalInfo());
              LeadStatements.update(
                  handle,
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
              handle
                  .attach(RequestKeyDao.class)
                  .insert(leadId, idempotencyKey, requestHash, clock.instant());
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

  @Override
  public void addContext(String leadId, JsonNode body) {
    AddContext added = requests.parseAddContext(body);
    inTransaction(
        handle -> {
          LeadRow row =
              handle
                  .attach(LeadDao.class)
                  .lock(leadId)
                  .orElseThrow(() -> ApiException.notFound(leadId));
          Instant now = clock.instant();
          String info =
              added.additionalInfo() == null
                  ? row.additionalInfo()
                  : mergeAdditionalInfo(handle, row, added.additionalInfo());
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
            handle
                .attach(EventDao.class)
                .insert(leadId, EventType.CONTEXT_ADDED, now, data.toString());
          }
        });
  }

  /**
   * An identical request (same body, no Idempotency-Key) within this long of an earlier one is
   * taken as its retry: the message is sent once. Long enough for a client's automatic retries and
   * a double click, short enough that the same text sent again on purpose (a second "are you
   * there?") goes again. A client that retries for longer sends an Idempotency-Key.
   */
  static final Duration MESSAGE_RETRY_WINDOW = Duration.ofSeconds(60);

  /**
   * Stores the message (committed first, so the send activity always finds its text), hands it to
   * the lead's workflow, then marks it accepted. A retried request finds its stored message (by
   * Idempotency-Key, else by identical body within {@link #MESSAGE_RETRY_WINDOW}) and reuses its
   * id, which is also the update id and the send's idempotency key: sent at most once.
   */
  @Override
  public void sendMessage(String leadId, JsonNode body, String idempotencyKey) {
    Instant now = clock.instant();
    SendMessage request = requests.parseSendMessage(body, now);
    String requestHash = hash(body.toString());
    LeadMessageRow[] stored = new LeadMessageRow[1];
    FollowUpState[] projection = new FollowUpState[1];
    List<OneOffMessage> pending = new ArrayList<>();
    inTransaction(
        handle -> {
          LeadRow row =
              handle
                  .attach(LeadDao.class)
                  .lock(leadId)
                  .orElseThrow(() -> ApiException.notFound(leadId));
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
          projection[0] = FollowUpStateJson.of(row);
          messages.pending(leadId).stream()
              .filter(m -> !m.id().equals(stored[0].id()))
              .map(LeadCommands::oneOff)
              .forEach(pending::add);
        });
    if (stored[0].accepted()) {
      log.info("lead {}: message {} was accepted already", leadId, stored[0].id());
      return;
    }
    try {
      followUps.sendMessage(projection[0], pending, oneOff(stored[0]), "msg:" + stored[0].id());
    } catch (FollowUpGateway.OptedOut workflowView) {
      // the stored flag said subscribed: the workflow missed a START (Temporal was unreachable
      // when it came); the stored flag wins, the workflow learns it, and the message goes
      LeadRow current =
          Database.call(
              () ->
                  jdbi.withExtension(
                      LeadDao.class,
                      dao -> dao.find(leadId).orElseThrow(() -> ApiException.notFound(leadId))));
      if (current.isUnsubscribed()) {
        throw workflowView;
      }
      log.info("lead {}: the workflow missed an opt-in; told before message", leadId);
      followUps.recordInbound(
          FollowUpStateJson.of(current),
          Inbound.of(Inbound.Kind.OPT_IN).withRequestId(RequestIds.current()),
          "opt-in-sync:" + stored[0].id());
      followUps.sendMessage(
          FollowUpStateJson.of(current), pending, oneOff(stored[0]), "msg:" + stored[0].id());
    }
    inTransaction(handle -> handle.attach(LeadMessageDao.class).markAccepted(stored[0].id()));
  }

  /** What the workflow keeps of a stored message: never its text. */
  public static OneOffMessage oneOff(LeadMessageRow row) {
    return new OneOffMessage(
        row.id(),
        row.sendAt(),
        row.overrideBusinessHours(),
        row.sendWhenOff(),
        row.scheduleFollowUps(),
        null);
  }

  /**
   * PATCH's merge, in one place for PATCH and addContext; the keys whose value changed go out as
   * {@code lead.additionalInfo.updated} in the caller's transaction.
   */
  private String mergeAdditionalInfo(Handle handle, LeadRow row, ObjectNode patch) {
    ObjectNode before = (ObjectNode) additionalInfo.parse(row.additionalInfo());
    ObjectNode merged = additionalInfo.merge(row.additionalInfo(), patch);
    ObjectNode changes = WebhookEvents.additionalInfoChanges(before, merged);
    if (!changes.isEmpty()) {
      webhooks.enqueue(
          handle,
          WebhookEvents.ADDITIONAL_INFO_UPDATED,
          row.id(),
          WebhookEvents.additionalInfoUpdated(WebhookLead.of(row), changes));
    }
    return merged.toString();
  }

  /**
   * Runs {@code work} in one transaction, database failures answered by {@link Database}. A failure
   * after the commit (returning the connection, say, while the database shuts down) cannot undo it,
   * so it is not reported as a failure: the caller gets the answer its committed change deserves.
   */
  private void inTransaction(Consumer<Handle> work) {
    AtomicBoolean committed = new AtomicBoolean();
    Database.run(
        () -> {
          try {
            jdbi.useTransaction(
                handle -> {
                  handle.afterCommit(() -> committed.set(true));
                  work.accept(handle);
                });
          } catch (RuntimeException e) {
            if (!committed.get() && !isAfterCommit(e)) {
              throw e;
            }
            log.warn("a transaction committed, then its connection failed: {}", Sql.describe(e));
          }
        });
  }

  /**
   * Jdbi restores a connection's auto-commit after {@code commit()} returned and before it runs the
   * after-commit callbacks: a failure there (the connection dying right after the commit) comes as
   * this exception, in the cause chain only on the commit path (a rollback's failure is added to
   * the work's own exception as suppressed).
   */
  private static boolean isAfterCommit(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof UnableToRestoreAutoCommitStateException) {
        return true;
      }
    }
    return false;
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
    // the caller holds the row lock: update locked the row, create inserted it
    LeadStatements.insertEventHoldingLock(
        handle, leadId, EventType.FOLLOW_UP_CHANGED, now, data.toString());
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
        FollowUpStateJson.write(state),
        state.changeSeq(),
        state.sendSeq(),
        state.revision(),
        row.createdAt(),
        now,
        row.emailUnsubscribed());
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
}
