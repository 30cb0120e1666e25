package io.followup.api.core;

import static io.followup.api.core.RequestFields.optionalParam;
import static io.followup.api.core.RequestFields.requiredParam;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.followup.api.core.InboundKeywords.Kind;
import io.followup.domain.optout.OptOut;
import io.followup.store.DncList;
import io.followup.store.InboundDao;
import io.followup.store.LeadClock;
import io.followup.store.LeadDao;
import io.followup.store.LeadRow;
import io.followup.store.LeadStatements;
import io.followup.store.MessageEvents;
import io.followup.store.OptOuts;
import io.followup.store.Sql;
import io.followup.store.webhooks.WebhookEvents;
import io.followup.store.webhooks.WebhookLead;
import io.followup.store.webhooks.WebhookOutbox;
import io.followup.workflows.RequestIds;
import io.followup.workflows.model.Inbound;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbound texts (SPEC "Conversations"), after the callback's signature was checked: the text is
 * matched to a lead by its E.164 phone and recorded with everything it changes (opt-out flag,
 * {@code hasReplied}, events, webhooks) in one transaction; then the lead's workflow is told
 * (recordInbound). A MessageSid already recorded changes nothing more (Twilio may send a callback
 * twice) but tells the workflow again, which applies it once (same update id).
 */
public final class InboundTexts {
  private static final Logger log = LoggerFactory.getLogger(InboundTexts.class);
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  /** Twilio SIDs are 34 characters; the store keeps 64. */
  static final int MAX_SID = 64;

  static final int MAX_PHONE = 64;

  private final Jdbi jdbi;
  private final FollowUpGateway followUps;
  private final WebhookOutbox webhooks;
  private final ObjectMapper json;
  private final Clock clock;
  private final Conversations settings;
  private final InboundKeywords keywords;
  private final OptOuts optOuts;
  private final InboundAutoReplies autoReplies;
  private final InboundReplies replies;

  public InboundTexts(
      Jdbi jdbi,
      FollowUpGateway followUps,
      WebhookOutbox webhooks,
      ObjectMapper json,
      Clock clock,
      Conversations settings) {
    this.jdbi = jdbi;
    this.followUps = followUps;
    this.webhooks = webhooks;
    this.json = json;
    this.optOuts = new OptOuts(json, webhooks);
    this.clock = clock;
    this.settings = settings;
    this.autoReplies = new InboundAutoReplies(settings, json, webhooks);
    this.replies = new InboundReplies(jdbi, followUps, webhooks, json, clock, settings);
    this.keywords =
        new InboundKeywords(
            settings.extraOptOutKeywords(), new RevocationPhrases(settings.extraOptOutPhrases()));
  }

  /**
   * What was recorded: the kind, the lead whose workflow must learn it (null for none), and until
   * when an out-of-office auto-reply pauses it (null for anything else).
   */
  private record Recorded(Kind kind, String leadId, Instant resumeAt) {
    /** Only what changes the schedule or the lead's flags is the workflow's business. */
    boolean tellsWorkflow() {
      return leadId != null && kind != Kind.HELP && (kind != Kind.AUTO_REPLY || resumeAt != null);
    }
  }

  /**
   * Records Twilio's inbound-message callback ({@code From}, {@code To}, {@code Body}, {@code
   * MessageSid}, {@code OptOutType}) and returns the TwiML to answer with.
   */
  public String receive(Map<String, String> params) {
    String sid = requiredParam(params, "MessageSid", MAX_SID);
    String from = requiredParam(params, "From", MAX_PHONE);
    String to = optionalParam(params, "To", MAX_PHONE);
    if (!settings.isOurs(to)) {
      // signed by our Twilio account, but to a number of it that is not this engine's (another
      // application's): not ours to read; answered 200 so that Twilio does not report an error
      log.info("inbound text {} to a number that is not TWILIO_FROM_NUMBER: ignored", sid);
      return TwiML.EMPTY;
    }
    String body = capped(params.getOrDefault("Body", ""));
    Kind keyword = keywords.classify(body, params.get("OptOutType"));
    Kind kind = keyword == Kind.REPLY && autoReplies.isAutoReply(body) ? Kind.AUTO_REPLY : keyword;
    boolean twilioOptOut = params.get("OptOutType") != null;
    boolean phrase =
        kind == Kind.OPT_OUT
            && InboundKeywords.PHRASE.equals(keywords.optOutReason(body, params.get("OptOutType")));

    Recorded recorded;
    try {
      recorded = Database.call(() -> record(sid, from, to, body, kind, twilioOptOut, phrase));
    } catch (RuntimeException e) {
      if (!Sql.isUniqueViolation(e)) {
        throw e;
      }
      // the same callback twice at once (a sender no lead has: no row lock serialises them): the
      // other one recorded it; this one finds it recorded already
      log.info("inbound text {} was being recorded by a concurrent callback", sid);
      recorded = Database.call(() -> record(sid, from, to, body, kind, twilioOptOut, phrase));
    }
    if (recorded.tellsWorkflow()) {
      tellWorkflow(recorded, sid);
    }
    if (twilioOptOut) {
      // Twilio's Advanced Opt-Out answered the keyword itself: no second help text or confirmation
      return TwiML.EMPTY;
    }
    return switch (kind) {
      case HELP -> TwiML.message(settings.helpText());
      // CTIA expects a confirmation; the FCC allows one (no marketing in it)
      case OPT_OUT -> TwiML.message(settings.optOutConfirmation());
      case OPT_IN -> TwiML.message(settings.optInConfirmation());
      case REPLY, AUTO_REPLY -> TwiML.EMPTY;
    };
  }

  /** Twilio's longest inbound text; anything longer is cut there. */
  static final int MAX_BODY = 1600;

  /** The text cut at {@link #MAX_BODY} characters, never inside a surrogate pair. */
  static String capped(String body) {
    if (body.length() <= MAX_BODY) {
      return body;
    }
    int end = Character.isHighSurrogate(body.charAt(MAX_BODY - 1)) ? MAX_BODY - 1 : MAX_BODY;
    return body.substring(0, end);
  }

  private Recorded record(
      String sid,
      String from,
      String to,
      String body,
      Kind kind,
      boolean twilioOptOut,
      boolean phrase) {
    return jdbi.inTransaction(
        handle -> {
          Instant now = clock.instant();
          String phone = e164(from);
          Optional<LeadRow> found =
              phone == null ? Optional.empty() : handle.attach(LeadDao.class).lockByPhone(phone);
          InboundDao inbound = handle.attach(InboundDao.class);
          if (found.isEmpty()) {
            // the E.164 number when it is one: a lead created with it later finds its keywords
            if (inbound.insertOnce(
                        sid, null, phone != null ? phone : from, to, kind.name(), body, now, false)
                    == 1
                && phone != null) {
              doNotContact(handle, phone, kind, now);
            }
            log.info("inbound text {} ({}) from a sender no lead has", sid, kind);
            return new Recorded(kind, null, null);
          }
          LeadRow lead = found.get();
          Recorded recorded =
              new Recorded(
                  kind,
                  lead.id(),
                  kind == Kind.AUTO_REPLY ? autoReplies.resumeAt(lead, body, now) : null);
          boolean first =
              inbound.insertOnce(
                      sid, lead.id(), phone, to, kind.name(), body, now, recorded.tellsWorkflow())
                  == 1;
          if (!first) {
            log.info("inbound text {} of lead {} was recorded already", sid, lead.id());
          } else {
            log.info("inbound text {} of lead {}: {}", sid, lead.id(), kind);
            doNotContact(handle, phone, kind, now);
            switch (kind) {
              case OPT_OUT -> optOut(handle, lead, sid, body, twilioOptOut, phrase, now);
              case OPT_IN -> optIn(handle, lead, sid, now);
              case REPLY -> reply(handle, lead, sid, body, now);
              case AUTO_REPLY -> autoReplies.record(handle, lead, sid, body, now);
              case HELP -> {
                // answered with the help text; nothing else changes
              }
            }
            if (kind != Kind.HELP) {
              LeadClock.stamp(handle, lead.id(), now);
            }
          }
          return recorded;
        });
  }

  /**
   * An opt-out keyword puts the number on the Do-Not-Contact list, an opt-in keyword takes it off
   * again unless the organisation registered it ({@link DncList}); other texts change nothing.
   */
  private static void doNotContact(Handle handle, String phone, Kind kind, Instant now) {
    switch (kind) {
      case OPT_OUT -> DncList.listByKeyword(handle, phone, now);
      case OPT_IN -> DncList.unlistByKeyword(handle, phone);
      case REPLY, HELP, AUTO_REPLY -> {
        // not the list's business
      }
    }
  }

  private void optOut(
      Handle handle,
      LeadRow lead,
      String sid,
      String body,
      boolean twilioOptOut,
      boolean phrase,
      Instant now) {
    optOuts.record(
        handle,
        lead.id(),
        phrase ? OptOut.phrase(sid, body) : OptOut.keyword(sid, body, twilioOptOut),
        now);
  }

  private void optIn(Handle handle, LeadRow lead, String sid, Instant now) {
    optOuts.optIn(handle, lead.id(), sid, now);
  }

  private void reply(Handle handle, LeadRow lead, String sid, String body, Instant now) {
    ObjectNode data = json.createObjectNode();
    data.put("channel", "sms");
    MessageEvents.put(data, MessageEvents.INBOUND, MessageEvents.SMS, body, null);
    data.put("messageSid", sid);
    replies.record(
        handle,
        lead,
        data,
        "sms:" + sid,
        "sms",
        WebhookEvents.messageReceived(WebhookLead.of(lead), body),
        now);
  }

  /**
   * After the facts' commit: the lead's workflow learns what the lead said, and the row takes the
   * state it answered with (unless a newer one is stored), in a second transaction that holds the
   * row lock across the call (started from the projection stored now). Temporal being unreachable
   * (or the database, after the call) does not undo the stored facts and the answer is still 200:
   * the text stays marked {@code workflow_pending} and {@link #retryUntold} tells the workflow
   * later; meanwhile the worker checks the stored opt-out at send time (see docs/DECISIONS.md,
   * "Inbound texts").
   *
   * @return whether the workflow learned it
   */
  private boolean tellWorkflow(Recorded recorded, String sid) {
    Inbound.Kind kind =
        switch (recorded.kind()) {
          case OPT_OUT -> Inbound.Kind.OPT_OUT;
          case OPT_IN -> Inbound.Kind.OPT_IN;
          case AUTO_REPLY -> Inbound.Kind.AUTO_REPLY;
          default -> Inbound.Kind.REPLY;
        };
    Inbound inbound =
        new Inbound(kind, settings.stopOnReply(), null, recorded.resumeAt())
            .withQuietResume(
                kind == Inbound.Kind.REPLY && settings.replyResume() != null
                    ? settings.replyResume().toMillis()
                    : null)
            .withRequestId(RequestIds.current());
    try {
      replies.tell(
          recorded.leadId(),
          inbound,
          "inbound:" + sid,
          "paused:sms:" + sid,
          handle -> handle.attach(InboundDao.class).markTold(sid));
      return true;
    } catch (RuntimeException e) {
      log.warn(
          "inbound text {} of lead {} is stored; its workflow could not be told (retried later): {}",
          sid,
          recorded.leadId(),
          e instanceof ApiException ? e.getMessage() : e.getClass().getSimpleName());
      return false;
    }
  }

  /**
   * Tells the workflows the texts they have not learned yet (Temporal was unreachable when the text
   * came), oldest first, and stops at the first that fails again. An opt-out or opt-in is told as
   * the lead's stored flag is now (a later keyword may have turned it), so an old one retried after
   * a newer one never turns the workflow's view back.
   *
   * @param grace texts younger than this are left to the request still telling them
   * @return how many workflows learned their text
   */
  public int retryUntold(Duration grace, int limit) {
    List<InboundDao.Untold> untold =
        Database.call(
            () ->
                jdbi.withExtension(
                    InboundDao.class, dao -> dao.untold(clock.instant().minus(grace), limit)));
    int told = 0;
    for (InboundDao.Untold text : untold) {
      Optional<LeadRow> lead =
          Database.call(
              () -> jdbi.withHandle(handle -> LeadStatements.find(handle, text.leadId())));
      if (lead.isEmpty()) {
        Database.run(
            () -> jdbi.useExtension(InboundDao.class, dao -> dao.markTold(text.messageSid())));
        continue;
      }
      Kind kind = Kind.valueOf(text.kind());
      if (kind == Kind.OPT_OUT || kind == Kind.OPT_IN) {
        kind = lead.get().isUnsubscribed() ? Kind.OPT_OUT : Kind.OPT_IN;
      }
      Instant resumeAt =
          kind == Kind.AUTO_REPLY
              ? autoReplies.resumeAt(lead.get(), text.body(), text.receivedAt())
              : null;
      Recorded recorded = new Recorded(kind, lead.get().id(), resumeAt);
      if (!tellWorkflow(recorded, text.messageSid())) {
        break;
      }
      told++;
    }
    if (told > 0) {
      log.info("{} inbound texts reached their workflows late", told);
    }
    return told;
  }

  /** The E.164 form of a sender's number; null when it is none (a short code, say). */
  static String e164(String from) {
    try {
      var number = PHONES.parse(from.strip(), "ZZ");
      return PHONES.isPossibleNumber(number)
          ? PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164)
          : null;
    } catch (NumberParseException e) {
      return null;
    }
  }
}
