package io.followup.api.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.store.DeliveryDao;
import io.followup.store.DeliveryRow;
import io.followup.store.DeliveryStatuses;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twilio's status callbacks (SPEC "Conversations"), after the signature was checked: a message's or
 * call's later status becomes a {@code DELIVERY_STATUS} event on the lead whose send has that SID.
 * The same (SID, status) twice is recorded once; an interim status (queued, ringing, ...) records
 * nothing. A SID no send has yet is kept and recorded when the send with it completes ({@link
 * DeliveryStatuses}).
 */
public final class StatusCallbacks {
  private static final Logger log = LoggerFactory.getLogger(StatusCallbacks.class);

  /** Twilio's error code for a message that expired in its queue (its {@code ValidityPeriod}). */
  static final String EXPIRED_ERROR = "30036";

  /**
   * Hands an expired text's re-send, stored with its EXPIRED status, to the lead's workflow ({@link
   * ExpiredTextResends#handOver}): it goes at the lead's next window opening, once.
   */
  @FunctionalInterface
  public interface ExpiredTexts {
    void handOver(String leadId, String expiredKey);
  }

  private final Jdbi jdbi;
  private final ObjectMapper json;
  private final Clock clock;
  private final ExpiredTexts expired;

  public StatusCallbacks(Jdbi jdbi, ObjectMapper json, Clock clock, ExpiredTexts expired) {
    this.jdbi = jdbi;
    this.json = json;
    this.clock = clock;
    this.expired = expired;
  }

  /**
   * Twilio's message status to ours; null for an interim one (nothing recorded). README
   * "Conversations" lists the map.
   */
  static String messageStatus(String twilio) {
    return switch (twilio.toLowerCase(Locale.ROOT)) {
      case "sent" -> "SENT";
      case "delivered" -> "DELIVERED";
      case "undelivered" -> "UNDELIVERED";
      case "failed" -> "FAILED";
      case "read" -> "READ";
      case "canceled" -> "CANCELED";
      default -> null;
    };
  }

  /**
   * Twilio's call status (and {@code AnsweredBy}) to ours; null for an interim one. A completed
   * call a machine answered after its greeting (machine_end_*) is VOICEMAIL_LEFT: the call then
   * played the voicemail.
   */
  static String callStatus(String twilio, String answeredBy) {
    String machine = answeredBy == null ? "" : answeredBy.toLowerCase(Locale.ROOT);
    return switch (twilio.toLowerCase(Locale.ROOT)) {
      case "completed" ->
          machine.startsWith("machine_end")
              ? "VOICEMAIL_LEFT"
              : machine.startsWith("machine") || machine.equals("fax") ? "MACHINE" : "ANSWERED";
      case "busy" -> "BUSY";
      case "no-answer" -> "NO_ANSWER";
      case "failed" -> "FAILED";
      case "canceled" -> "CANCELED";
      default -> null;
    };
  }

  public void receive(Map<String, String> params) {
    String messageSid = RequestFields.optionalParam(params, "MessageSid", InboundTexts.MAX_SID);
    String messageStatus = RequestFields.optionalParam(params, "MessageStatus", 40);
    String callSid = RequestFields.optionalParam(params, "CallSid", InboundTexts.MAX_SID);
    String callStatus = RequestFields.optionalParam(params, "CallStatus", 40);
    String answeredBy = RequestFields.optionalParam(params, "AnsweredBy", 40);
    String sid;
    String raw;
    String status;
    if (present(messageSid) && present(messageStatus)) {
      sid = messageSid;
      raw = messageStatus;
      status = messageStatus(messageStatus);
    } else if (present(callSid) && present(callStatus)) {
      sid = callSid;
      raw = callStatus;
      status = callStatus(callStatus, answeredBy);
    } else {
      throw ApiException.badRequest(
          "MessageSid", "MessageSid and MessageStatus, or CallSid and CallStatus, are required");
    }
    if (status == null) {
      log.debug("status callback {}: interim status {} not recorded", sid, raw);
      return;
    }
    ObjectNode reported = json.createObjectNode();
    reported.put("status", status);
    reported.put("providerStatus", raw);
    if (present(answeredBy)) {
      reported.put("answeredBy", answeredBy);
    }
    String errorCode = RequestFields.optionalParam(params, "ErrorCode", 20);
    if (present(errorCode)) {
      reported.put("errorCode", errorCode);
    }
    if (sid.equals(messageSid) && EXPIRED_ERROR.equals(errorCode)) {
      // Twilio dropped it at the end of its validity: the window closed before it was delivered
      status = "EXPIRED";
      reported.put("status", status);
    }
    Optional<DeliveryRow> send =
        Database.call(
            () -> jdbi.withExtension(DeliveryDao.class, dao -> dao.findByProviderId(sid)));
    if (send.isEmpty()) {
      // no send has it yet (a call's SID is in the ledger only once the call completes): kept,
      // and recorded by the send's completion; unless the send was recorded meanwhile
      send =
          Database.call(
              () ->
                  jdbi.inTransaction(
                      handle -> DeliveryStatuses.keep(handle, sid, reported, clock.instant())));
      if (send.isEmpty()) {
        log.info("status callback for {} ({}): no send has it yet; kept", sid, status);
        return;
      }
    }
    DeliveryRow row = send.get();
    boolean recorded =
        Database.call(
            () ->
                jdbi.inTransaction(
                    handle ->
                        DeliveryStatuses.record(handle, json, row, reported, clock.instant())));
    log.info(
        "status callback {} ({}): {}{}",
        row.idempotencyKey(),
        sid,
        status,
        recorded ? "" : " (recorded already)");
    if (recorded && "EXPIRED".equals(status) && "text".equals(row.channel())) {
      // the re-send was stored with the status (ExpiredResends); a failed hand-over is swept later
      expired.handOver(row.leadId(), row.idempotencyKey());
    }
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
