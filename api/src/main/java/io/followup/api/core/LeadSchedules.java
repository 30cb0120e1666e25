package io.followup.api.core;

import io.followup.api.core.SchedulePreview.PastSend;
import io.followup.api.core.view.ScheduleView;
import io.followup.store.DeliveryDao;
import io.followup.store.DeliveryRow;
import io.followup.store.FollowUpStateJson;
import io.followup.store.LeadRow;
import io.followup.store.LeadStatements;
import io.followup.store.sends.JdbiSendSwitch;
import io.followup.store.sends.JdbiSenderSlots;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpState;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/**
 * The schedule preview from the store: the lead's row (its projection, phone and zone) and its
 * deliveries of the last 24 hours (what the caps count), then {@link SchedulePreview}. Never asks
 * Temporal.
 */
public final class LeadSchedules {
  public static final int DEFAULT_LIMIT = 10;
  public static final int MAX_LIMIT = 100;

  private static final Duration DAY = Duration.ofHours(24);
  private static final String VOICEMAIL_SUFFIX = ":voicemail";

  private final Jdbi jdbi;
  private final SchedulePreview preview;
  private final FollowUpOptions options;
  private final Clock clock;
  private final Map<Channel, String> senders;

  /**
   * @param senders the paced senders by channel ({@code SenderPace.sender()}): their queues show in
   *     the preview
   */
  public LeadSchedules(
      Jdbi jdbi,
      SchedulePreview preview,
      FollowUpOptions options,
      Clock clock,
      Map<Channel, String> senders) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.preview = Objects.requireNonNull(preview, "preview");
    this.options = Objects.requireNonNull(options, "options");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.senders = Map.copyOf(senders);
  }

  public ScheduleView schedule(String leadId, Integer limit) {
    int size = limit == null ? DEFAULT_LIMIT : Page.limit(limit, MAX_LIMIT);
    Instant now = clock.instant();
    record Read(LeadRow lead, List<DeliveryRow> sends, SchedulePreview.Holds holds) {}
    Read read =
        Database.call(
            () ->
                jdbi.withHandle(
                    handle -> {
                      LeadRow lead =
                          LeadStatements.find(handle, leadId)
                              .orElseThrow(() -> ApiException.notFound(leadId));
                      return new Read(
                          lead,
                          handle.attach(DeliveryDao.class).listByLeadSince(leadId, now.minus(DAY)),
                          holds(handle, now));
                    }));
    FollowUpState state = FollowUpStateJson.of(read.lead());
    List<PastSend> past =
        read.sends().stream()
            // a call and the voicemail it left count once, as the workflow counts them
            .filter(row -> !row.idempotencyKey().endsWith(VOICEMAIL_SUFFIX))
            .map(row -> new PastSend(row.claimedAt(), Channel.fromWire(row.channel())))
            .toList();
    SchedulePreview.Result result =
        preview.preview(
            state,
            read.lead().phone(),
            read.lead().timezone(),
            read.lead().state(),
            past,
            now,
            size,
            read.holds());
    return new ScheduleView(
        leadId,
        state.followUpStatus().name(),
        result.zones().stream().map(ZoneId::getId).toList(),
        read.lead().state(),
        result.regions(),
        past.size(),
        result.items().stream().map(LeadSchedules::item).toList(),
        result.afterLastStep(),
        "LONG_TERM".equals(result.afterLastStep()) ? number(options.nurtureIntervalHours()) : null,
        result.truncated(),
        state.resumeAt() == null ? null : state.resumeAt().toString());
  }

  /** The send switch, and each paced sender's next free slot when it is ahead of now. */
  private SchedulePreview.Holds holds(org.jdbi.v3.core.Handle handle, Instant now) {
    Map<Channel, Instant> freeAt = new EnumMap<>(Channel.class);
    senders.forEach(
        (channel, sender) ->
            JdbiSenderSlots.nextFree(handle, sender)
                .filter(at -> at.isAfter(now))
                .ifPresent(at -> freeAt.put(channel, at)));
    return new SchedulePreview.Holds(JdbiSendSwitch.paused(handle).keySet(), freeAt);
  }

  private static ScheduleView.Item item(SchedulePreview.Item item) {
    return new ScheduleView.Item(
        item.followUpStep(),
        item.channel().wireName(),
        item.dueAt().toString(),
        item.sendAt().toString(),
        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(item.sendAt().atZone(item.zone())),
        item.zone().getId(),
        item.movedBy());
  }

  /** Hours as the API shows them: {@code 720}, {@code 0.5}. */
  private static Number number(double hours) {
    return hours == Math.rint(hours)
        ? (Number) (long) hours
        : new BigDecimal(Double.toString(hours)).stripTrailingZeros();
  }
}
