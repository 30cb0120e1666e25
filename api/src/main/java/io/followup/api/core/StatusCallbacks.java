package io.followup.api.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.store.DeliveryDao;
import io.followup.store.DeliveryRow;
import io.followup.store.EventDao;
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
 * The same (SID, status) twice is recorded once; an unknown SID or an interim status (queued,
 * ringing, ...) records nothing.
 */
public final class StatusCallbacks {
  private static final Logger log = LoggerFactory.getLogger(StatusCallbacks.class);

  private final Jdbi jdbi;
  private final ObjectMapper json;
  private final Clock clock;

  public StatusCallbacks(Jdbi jdbi, ObjectMapper json, Clock clock) {
    this.jdbi = jdbi;
    this.json = json;
    this.clock = clock;
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
    String messageSid = InboundTexts.optional(params, "MessageSid", InboundTexts.MAX_SID);
    String messageStatus = InboundTexts.optional(params, "MessageStatus", 40);
    String callSid = InboundTexts.optional(params, "CallSid", InboundTexts.MAX_SID);
    String callStatus = InboundTexts.optional(params, "CallStatus", 40);
    String answeredBy = InboundTexts.optional(params, "AnsweredBy", 40);
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
    Database.run(
        () ->
            jdbi.useTransaction(
                handle -> {
                  Optional<DeliveryRow> send =
                      handle.attach(DeliveryDao.class).findByProviderId(sid);
                  if (send.isEmpty()) {
                    log.info("status callback for {}: no send has it", sid);
                    return;
                  }
                  DeliveryRow row = send.get();
                  ObjectNode data = json.createObjectNode();
                  data.put("idempotencyKey", row.idempotencyKey());
                  data.put("status", status);
                  data.put("channel", row.channel());
                  data.put("followUpStep", row.followUpStep());
                  data.put("providerStatus", raw);
                  if (present(answeredBy)) {
                    data.put("answeredBy", answeredBy);
                  }
                  String errorCode = InboundTexts.optional(params, "ErrorCode", 20);
                  if (present(errorCode)) {
                    data.put("errorCode", errorCode);
                  }
                  boolean recorded =
                      handle
                          .attach(EventDao.class)
                          .insertOnce(
                              row.leadId(),
                              "DELIVERY_STATUS",
                              clock.instant(),
                              data.toString(),
                              "status:" + sid + ":" + status);
                  log.info(
                      "status callback {} ({}): {}{}",
                      row.idempotencyKey(),
                      sid,
                      status,
                      recorded ? "" : " (recorded already)");
                }));
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
