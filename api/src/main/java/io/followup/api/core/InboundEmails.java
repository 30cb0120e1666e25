package io.followup.api.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.domain.events.EventType;
import io.followup.domain.inbound.InboundEmail;
import io.followup.domain.inbound.InboundEmail.Kind;
import io.followup.domain.inbound.InboundEmailHandler;
import io.followup.domain.optout.OptOut;
import io.followup.domain.unsubscribe.ReplyTokens;
import io.followup.store.DeliveryDao;
import io.followup.store.DeliveryRow;
import io.followup.store.EventStatements;
import io.followup.store.InboundEmailDao;
import io.followup.store.LeadClock;
import io.followup.store.LeadRow;
import io.followup.store.LeadStatements;
import io.followup.store.MessageEvents;
import io.followup.store.OptOuts;
import io.followup.store.webhooks.WebhookEvents;
import io.followup.store.webhooks.WebhookLead;
import io.followup.store.webhooks.WebhookOutbox;
import io.followup.workflows.model.Inbound;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emails read from the reply mailbox (issue 21, SPEC "Conversations"), matched to a lead by the
 * reply token in a recipient address, else by {@code In-Reply-To}/{@code References} to a sent
 * follow-up's Message-ID, else (a report) by the reported original's headers. A reply is a reply as
 * a text is ({@link InboundReplies}); an auto-reply an inbound {@code MESSAGE} with {@code
 * autoReply: true} that pauses the lead when it is an out-of-office; a permanent bounce or a
 * complaint unsubscribes the lead from email ({@code optOutReason} {@code BOUNCE}, {@code
 * COMPLAINT}); a delay is a {@code DELIVERY_STATUS} event only. Everything an email changes is
 * recorded in one transaction, once per Message-ID; then the workflow is told, and a failure to
 * tell it throws so that the reader hands the email over again (the repeat tells it again).
 */
public final class InboundEmails implements InboundEmailHandler {
  private static final Logger log = LoggerFactory.getLogger(InboundEmails.class);

  private final Jdbi jdbi;
  private final ObjectMapper json;
  private final WebhookOutbox webhooks;
  private final Clock clock;
  private final Conversations settings;
  private final ReplyTokens tokens;
  private final InboundReplies replies;
  private final InboundAutoReplies autoReplies;
  private final OptOuts optOuts;
  private final AtomicLong unmatched = new AtomicLong();

  public InboundEmails(
      Jdbi jdbi,
      FollowUpGateway followUps,
      WebhookOutbox webhooks,
      ObjectMapper json,
      Clock clock,
      Conversations settings,
      ReplyTokens tokens) {
    this.jdbi = jdbi;
    this.json = json;
    this.webhooks = webhooks;
    this.clock = clock;
    this.settings = settings;
    this.tokens = tokens;
    this.replies = new InboundReplies(jdbi, followUps, webhooks, json, clock, settings);
    this.autoReplies = new InboundAutoReplies(settings, json, webhooks);
    this.optOuts = new OptOuts(json, webhooks);
  }

  /** The lead an email names, and the follow-up it answers or reports on (null when unknown). */
  private record Match(String leadId, DeliveryRow send) {}

  /** What was recorded: whether the workflow must learn it, and until when it pauses. */
  private record Recorded(String leadId, boolean tellsWorkflow, Instant resumeAt) {}

  @Override
  public Outcome handle(InboundEmail email) {
    String key = email.messageKey();
    Optional<Match> match = Database.call(() -> jdbi.withHandle(handle -> match(handle, email)));
    if (match.isEmpty()) {
      unmatched.incrementAndGet();
      log.info("inbound email {} ({}) matched no lead", shortKey(key), email.kind());
      return Outcome.UNMATCHED;
    }
    Optional<Recorded> recorded =
        Database.call(() -> jdbi.inTransaction(handle -> record(handle, email, key, match.get())));
    if (recorded.isEmpty()) {
      unmatched.incrementAndGet();
      log.info("inbound email {} ({}): its lead is gone", shortKey(key), email.kind());
      return Outcome.UNMATCHED;
    }
    if (recorded.get().tellsWorkflow()) {
      tell(email, key, recorded.get());
    }
    return Outcome.HANDLED;
  }

  /** Emails that matched no lead since the start. */
  public long unmatched() {
    return unmatched.get();
  }

  private Optional<Match> match(Handle handle, InboundEmail email) {
    List<String> addresses = new ArrayList<>(email.recipients());
    List<String> ids = new ArrayList<>(email.references());
    if (email.isReport()) {
      // the report's copy of the follow-up first: its Message-ID is the bounced send's
      ids.addAll(0, email.reported());
      addresses.addAll(email.reportedAddresses());
    }
    DeliveryDao deliveries = handle.attach(DeliveryDao.class);
    Optional<DeliveryRow> send = Optional.empty();
    for (String id : ids) {
      send = deliveries.findByProviderId(id).filter(row -> "email".equals(row.channel()));
      if (send.isPresent()) {
        break;
      }
    }
    for (String address : addresses) {
      Optional<String> lead = tokens.leadOf(address);
      if (lead.isPresent()) {
        DeliveryRow row = send.filter(s -> s.leadId().equals(lead.get())).orElse(null);
        return Optional.of(new Match(lead.get(), row));
      }
    }
    return send.map(row -> new Match(row.leadId(), row));
  }

  private Optional<Recorded> record(Handle handle, InboundEmail email, String key, Match match) {
    Optional<LeadRow> found = LeadStatements.lock(handle, match.leadId());
    if (found.isEmpty()) {
      return Optional.empty();
    }
    LeadRow lead = found.get();
    Instant now = clock.instant();
    InboundEmailDao inbound = handle.attach(InboundEmailDao.class);
    Optional<InboundEmailDao.Recorded> earlier = inbound.find(key);
    if (earlier.isPresent()) {
      // handed over again (a crash before the mailbox marked it): recorded once; told if it was not
      log.info("inbound email {} of lead {} was recorded already", shortKey(key), lead.id());
      Instant at = earlier.get().receivedAt();
      return Optional.of(
          new Recorded(lead.id(), earlier.get().workflowPending(), resumeAt(lead, email, at)));
    }
    Instant resumeAt = resumeAt(lead, email, now);
    boolean tells = email.kind() == Kind.REPLY || resumeAt != null;
    inbound.insertOnce(key, lead.id(), email.kind().name(), tells, now);
    log.info("inbound email {} of lead {}: {}", shortKey(key), lead.id(), email.kind());
    switch (email.kind()) {
      case REPLY -> reply(handle, lead, email, key, now);
      case AUTO_REPLY -> autoReply(handle, lead, email, key, now);
      case BOUNCE -> {
        deliveryStatus(handle, lead, email, key, match.send(), "BOUNCED", now);
        optOuts.record(handle, lead.id(), OptOut.email("BOUNCE"), now);
      }
      case DELAYED -> deliveryStatus(handle, lead, email, key, match.send(), "DEFERRED", now);
      case COMPLAINT -> optOuts.record(handle, lead.id(), OptOut.email("COMPLAINT"), now);
    }
    LeadClock.stamp(handle, lead.id(), now);
    return Optional.of(new Recorded(lead.id(), tells, resumeAt));
  }

  /** Until when an out-of-office auto-reply pauses the lead; null for anything else. */
  private Instant resumeAt(LeadRow lead, InboundEmail email, Instant at) {
    return email.kind() == Kind.AUTO_REPLY
        ? autoReplies.resumeAt(lead, email.subject() + "\n" + email.text(), at)
        : null;
  }

  private ObjectNode message(InboundEmail email, String key) {
    ObjectNode data = json.createObjectNode();
    data.put("channel", "email");
    MessageEvents.put(
        data, MessageEvents.INBOUND, MessageEvents.EMAIL, email.text(), email.subject());
    data.put("emailKey", key);
    return data;
  }

  private void reply(Handle handle, LeadRow lead, InboundEmail email, String key, Instant now) {
    replies.record(
        handle,
        lead,
        message(email, key),
        "email:" + key,
        "email",
        WebhookEvents.messageReceivedEmail(WebhookLead.of(lead), email.text(), email.subject()),
        now);
  }

  private void autoReply(Handle handle, LeadRow lead, InboundEmail email, String key, Instant now) {
    ObjectNode data = message(email, key);
    data.put("autoReply", true);
    if (!EventStatements.insertEventOnce(
        handle, lead.id(), EventType.MESSAGE, now, data.toString(), "email:" + key)) {
      return;
    }
    ObjectNode received =
        WebhookEvents.messageReceivedEmail(WebhookLead.of(lead), email.text(), email.subject());
    received.put("autoReply", true);
    webhooks.enqueue(handle, WebhookEvents.MESSAGE_RECEIVED, lead.id(), received);
  }

  /** A delivery report's {@code DELIVERY_STATUS} event, on the send it names when known. */
  private void deliveryStatus(
      Handle handle,
      LeadRow lead,
      InboundEmail email,
      String key,
      DeliveryRow send,
      String status,
      Instant now) {
    ObjectNode data = json.createObjectNode();
    data.put("idempotencyKey", send == null ? null : send.idempotencyKey());
    data.put("status", status);
    data.put("channel", "email");
    if (send != null) {
      data.put("followUpStep", send.followUpStep());
    }
    data.put("dsnStatus", email.status());
    data.put("source", "dsn");
    EventStatements.insertEventOnce(
        handle, lead.id(), EventType.DELIVERY_STATUS, now, data.toString(), "email:" + key);
  }

  private void tell(InboundEmail email, String key, Recorded recorded) {
    Inbound.Kind kind =
        email.kind() == Kind.AUTO_REPLY ? Inbound.Kind.AUTO_REPLY : Inbound.Kind.REPLY;
    Inbound inbound =
        new Inbound(kind, settings.stopOnReply(), null, recorded.resumeAt())
            .withQuietResume(
                kind == Inbound.Kind.REPLY && settings.replyResume() != null
                    ? settings.replyResume().toMillis()
                    : null);
    replies.tell(
        recorded.leadId(),
        inbound,
        "inbound:email:" + key,
        "paused:email:" + key,
        handle -> handle.attach(InboundEmailDao.class).markTold(key));
  }

  private static String shortKey(String key) {
    return key.substring(0, 12);
  }
}
