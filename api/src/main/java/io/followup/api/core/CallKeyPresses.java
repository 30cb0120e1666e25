package io.followup.api.core;

import static io.followup.api.core.RequestFields.optionalParam;
import static io.followup.api.core.RequestFields.requiredParam;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.followup.domain.optout.OptOut;
import io.followup.store.DncList;
import io.followup.store.FollowUpStateJson;
import io.followup.store.LeadDao;
import io.followup.store.LeadRow;
import io.followup.store.LeadStatements;
import io.followup.store.OptOuts;
import io.followup.store.webhooks.WebhookOutbox;
import io.followup.workflows.RequestIds;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.Inbound;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key-press opt-out of a call (SPEC "Compliance"): Twilio's {@code <Gather>} callback, after
 * its signature was checked. The opt-out key opts the called lead (matched by the call's {@code
 * To}, E.164) out of calls and texts: the flag, an {@code OPT_OUT} event ({@code channel: call},
 * {@code reason: KEYPRESS}) and an {@code optOut} webhook in one transaction, the number on the
 * Do-Not-Contact list; then its workflow is told (best effort: the worker honours the stored flag
 * at every send). Any other key ends the call and changes nothing.
 */
public final class CallKeyPresses {
  private static final Logger log = LoggerFactory.getLogger(CallKeyPresses.class);

  /** What the lead hears after pressing the key. */
  static final String CONFIRMATION = "You will not be called or texted again. Goodbye.";

  private final Jdbi jdbi;
  private final FollowUpGateway followUps;
  private final OptOuts optOuts;
  private final Clock clock;
  private final String digit;

  public CallKeyPresses(
      Jdbi jdbi,
      FollowUpGateway followUps,
      WebhookOutbox webhooks,
      ObjectMapper json,
      Clock clock,
      String digit) {
    this.jdbi = jdbi;
    this.followUps = followUps;
    this.optOuts = new OptOuts(json, webhooks);
    this.clock = clock;
    this.digit = digit;
  }

  /** Records Twilio's gather callback ({@code CallSid}, {@code To}, {@code Digits}); the TwiML. */
  public String receive(Map<String, String> params) {
    String callSid = requiredParam(params, "CallSid", InboundTexts.MAX_SID);
    String to = requiredParam(params, "To", InboundTexts.MAX_PHONE);
    String digits = optionalParam(params, "Digits", 16);
    if (!digit.equals(digits)) {
      log.info("call {}: a key other than the opt-out key; nothing changes", callSid);
      return TwiML.HANG_UP;
    }
    String phone = InboundTexts.e164(to);
    if (phone == null) {
      throw ApiException.badRequest("To", "must be a phone number");
    }
    Optional<LeadRow> optedOut =
        Database.call(
            () ->
                jdbi.inTransaction(
                    handle -> {
                      Instant now = clock.instant();
                      DncList.listByKeyword(handle, phone, now);
                      Optional<LeadRow> lead = handle.attach(LeadDao.class).lockByPhone(phone);
                      lead.ifPresent(l -> optOuts.record(handle, l.id(), OptOut.keypress(), now));
                      return lead;
                    }));
    if (optedOut.isEmpty()) {
      log.info("call {}: opt-out key from a number no lead has; listed", callSid);
    } else {
      log.info("call {}: lead {} opted out by key-press", callSid, optedOut.get().id());
      tellWorkflow(optedOut.get().id(), callSid);
    }
    return TwiML.sayAndHangUp(CONFIRMATION);
  }

  private void tellWorkflow(String leadId, String callSid) {
    Inbound inbound = Inbound.of(Inbound.Kind.OPT_OUT).withRequestId(RequestIds.current());
    try {
      Database.inTransaction(
          jdbi,
          handle -> {
            Optional<LeadRow> lead = LeadStatements.lock(handle, leadId);
            if (lead.isPresent()) {
              FollowUpState state =
                  followUps.recordInbound(
                      FollowUpStateJson.of(lead.get()), inbound, "keypress:" + callSid);
              LeadStatements.saveProjectionIfNewer(handle, state, clock.instant());
            }
          });
    } catch (RuntimeException e) {
      log.warn(
          "call {}: lead {} is opted out; its workflow could not be told: {}",
          callSid,
          leadId,
          e instanceof ApiException ? e.getMessage() : e.getClass().getSimpleName());
    }
  }
}
