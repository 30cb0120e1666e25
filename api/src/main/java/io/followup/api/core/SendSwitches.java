package io.followup.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.followup.api.core.view.SendSwitchView;
import io.followup.domain.sends.SendPause;
import io.followup.store.sends.JdbiSendSwitch;
import io.followup.workflows.model.Channel;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send switch's use cases ({@code /v1/admin/sends}): pause or resume channels, read the switch.
 * Stored at once; every worker's send-rules activity reads it at the next due send, so nothing here
 * calls Temporal.
 */
public final class SendSwitches {
  private static final Logger log = LoggerFactory.getLogger(SendSwitches.class);

  /** Channels a step sends on; a voicemail follows its call's switch. */
  private static final List<Channel> SWITCHED = List.of(Channel.TEXT, Channel.CALL, Channel.EMAIL);

  static final int MAX_REASON = 500;

  private final JdbiSendSwitch store;
  private final Clock clock;

  public SendSwitches(JdbiSendSwitch store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** {@code POST /v1/admin/sends/pause {"channels": [...], "reason"}}. */
  public SendSwitchView pause(JsonNode body) {
    return set(body, true);
  }

  /** {@code POST /v1/admin/sends/resume {"channels": [...]}}. */
  public SendSwitchView resume(JsonNode body) {
    return set(body, false);
  }

  /** {@code GET /v1/admin/sends}: every channel, paused or sending. */
  public SendSwitchView get() {
    return view(Database.call(store::all));
  }

  private SendSwitchView set(JsonNode body, boolean paused) {
    if (!(body instanceof ObjectNode object)) {
      throw ApiException.badRequest("body", "must be a JSON object");
    }
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("channels") && !(paused && name.equals("reason"))) {
        throw ApiException.badRequest(name, "unknown field");
      }
    }
    Set<Channel> channels = channels(object.get("channels"));
    String reason = paused ? reason(object.get("reason")) : null;
    Database.call(
        () -> {
          store.set(channels, paused, reason, JdbiSendSwitch.BY_API, clock.instant());
          return null;
        });
    // the reason is the operator's free text: not at INFO
    log.info(
        "send switch: {} {} (api)",
        paused ? "paused" : "resumed",
        channels.stream().map(Channel::wireName).toList());
    return get();
  }

  /** A non-empty array of {@code text}, {@code call}, {@code email}, each once or more. */
  public static Set<Channel> channels(JsonNode node) {
    if (node == null || node.isNull()) {
      throw ApiException.badRequest("channels", "is required");
    }
    if (!node.isArray() || node.isEmpty()) {
      throw ApiException.badRequest("channels", "must be a non-empty array of text, call, email");
    }
    Set<Channel> channels = new LinkedHashSet<>();
    for (JsonNode item : node) {
      Channel channel =
          item.isTextual()
              ? SWITCHED.stream()
                  .filter(c -> c.wireName().equals(item.textValue()))
                  .findFirst()
                  .orElse(null)
              : null;
      if (channel == null) {
        throw ApiException.badRequest("channels", "each must be one of text, call, email");
      }
      channels.add(channel);
    }
    return channels;
  }

  private static String reason(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw ApiException.badRequest("reason", "must be a string");
    }
    String text = node.textValue();
    if (text.codePointCount(0, text.length()) > MAX_REASON) {
      throw ApiException.badRequest("reason", "must be at most " + MAX_REASON + " characters");
    }
    return text;
  }

  private static SendSwitchView view(List<SendPause> rows) {
    return new SendSwitchView(
        SWITCHED.stream()
            .map(
                channel ->
                    rows.stream()
                        .filter(row -> row.channel() == channel)
                        .findFirst()
                        .map(
                            row ->
                                new SendSwitchView.Channel(
                                    channel.wireName(),
                                    row.paused(),
                                    row.reason(),
                                    row.since().toString(),
                                    row.by()))
                        .orElse(
                            new SendSwitchView.Channel(
                                channel.wireName(), false, null, null, null)))
            .toList());
  }
}
