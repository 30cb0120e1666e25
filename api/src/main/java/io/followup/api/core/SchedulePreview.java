package io.followup.api.core;

import io.followup.compliance.LeadSendRules;
import io.followup.compliance.SendSpread;
import io.followup.workflows.activities.SendSlot;
import io.followup.workflows.activities.SendSlotRequest;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.schedule.DailyCap;
import io.followup.workflows.schedule.FollowUpSchedule;
import io.followup.workflows.schedule.PauseRules;
import io.followup.workflows.schedule.TimeZones;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A lead's upcoming follow-ups as its workflow will run them, computed without Temporal: the armed
 * step at its stored due instant, then each later step in key order at the previous send + its
 * hours ({@link FollowUpSchedule#advance}), and after the last step the nurture touches or nothing.
 * Each send is placed as the workflow places it at due time: the organisation's daily cap first
 * ({@link DailyCap}), then the lead's send rules ({@link LeadSendRules}: zones, the channel's
 * window, days, holidays, the region's window and cap), over the lead's recent sends and the
 * preview's own. Pure: the same answer for the same arguments and tz data.
 */
public final class SchedulePreview {
  /** The reason a cap of the organisation moved a send (as the workflow's deferral event). */
  public static final String DAILY_CAP = "DAILY_CAP";

  private final LeadSendRules rules;
  private final FollowUpOptions options;
  private final SendSpread spread;

  /** Without a spread at a window's opening. */
  public SchedulePreview(LeadSendRules rules, FollowUpOptions options) {
    this(rules, options, SendSpread.NONE);
  }

  public SchedulePreview(LeadSendRules rules, FollowUpOptions options, SendSpread spread) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.options = Objects.requireNonNull(options, "options");
    this.spread = Objects.requireNonNull(spread, "spread");
  }

  /** A send that already went out (or was attempted): when it started, on which channel. */
  public record PastSend(Instant at, Channel channel) {}

  /**
   * One upcoming send.
   *
   * @param followUpStep the step's key; -2 for a long-term nurture touch
   * @param dueAt when the schedule alone puts it
   * @param sendAt when the rules let it go
   * @param zone the zone {@code sendAt} is shown in (the first of the lead's zones)
   * @param movedBy null when {@code sendAt == dueAt}; else the rule that moved it
   */
  public record Item(
      int followUpStep,
      Channel channel,
      Instant dueAt,
      Instant sendAt,
      ZoneId zone,
      String movedBy) {}

  /**
   * @param zones where the lead may be: a text or call goes only when the window is open in all
   * @param afterLastStep what the lead becomes after its last step (LONG_TERM or STOPPED); null
   *     when nothing is scheduled
   * @param truncated true when more sends follow than {@code limit} allowed to list
   */
  public record Result(
      List<ZoneId> zones,
      List<String> regions,
      List<Item> items,
      String afterLastStep,
      boolean truncated) {}

  /**
   * @param phone the lead's E.164 phone (its zones, its region); null when unknown
   * @param leadTimezone the lead's stored zone; null when none
   * @param leadState the lead's US state (its region); null when not given
   * @param recentSends the lead's sends of the last 24 hours before {@code now}, any order (a call
   *     and its voicemail once)
   * @param limit the most items to list (1 or more)
   */
  public Result preview(
      FollowUpState state,
      String phone,
      String leadTimezone,
      String leadState,
      List<PastSend> recentSends,
      Instant now,
      int limit) {
    return preview(state, phone, leadTimezone, leadState, recentSends, now, limit, Holds.NONE);
  }

  /**
   * What holds sends back besides the rules, as the store shows it now.
   *
   * @param paused the channels the operators' send switch holds: their sends show {@link
   *     SendSlot#PAUSED} at the lead's next check, the earliest they could go were they resumed now
   * @param senderFreeAt by channel, the first free slot of its paced sender: a send before it shows
   *     {@link SendSlot#SENDER_CAP} at that slot
   */
  public record Holds(Set<Channel> paused, Map<Channel, Instant> senderFreeAt) {
    public static final Holds NONE = new Holds(Set.of(), Map.of());

    public Holds {
      paused = Set.copyOf(paused);
      senderFreeAt = Map.copyOf(senderFreeAt);
    }
  }

  /**
   * @param holds the send switch and the senders' queues now
   */
  public Result preview(
      FollowUpState state,
      String phone,
      String leadTimezone,
      String leadState,
      List<PastSend> recentSends,
      Instant now,
      int limit,
      Holds holds) {
    ZoneId fallback = zone(options.defaultTimezone());
    List<ZoneId> zones = LeadSendRules.zonesOf(state.timezone(), leadTimezone, phone, fallback);
    List<String> regions =
        rules.regionOf(leadState, phone).map(r -> List.of(r.region())).orElse(List.of());
    List<Item> items = new ArrayList<>();
    // a paused lead's step goes after its resume, with the time it had left
    if (state.followUpStatus() == FollowUpStatus.PAUSED && state.resumeAt() != null) {
      state = PauseRules.resume(state, state.resumeAt());
    }
    if (!runs(state)) {
      return new Result(zones, regions, items, null, false);
    }
    List<PastSend> past = recentSends.stream().sorted(Comparator.comparing(PastSend::at)).toList();
    List<Instant> sends = new ArrayList<>(past.stream().map(PastSend::at).toList());
    List<Instant> callsAndTexts =
        new ArrayList<>(
            past.stream().filter(s -> s.channel().isVoiceOrText()).map(PastSend::at).toList());

    FollowUpState current = state;
    String afterLastStep =
        state.followUpStatus() == FollowUpStatus.LONG_TERM
            ? FollowUpStatus.LONG_TERM.name()
            : options.afterLastStep().name();
    while (runs(current)) {
      if (items.size() == limit) {
        return new Result(zones, regions, items, afterLastStep, true);
      }
      boolean nurture = current.followUpStatus() == FollowUpStatus.LONG_TERM;
      Channel channel =
          nurture
              ? options.nurtureChannel()
              : current.followUpConfig().step(current.followUpStep()).channel();
      Instant due = current.nextFollowUpAt();
      // an overdue send goes as soon as the workflow sees it
      Instant at = due.isBefore(now) ? now : due;
      Instant capOpening = DailyCap.opening(sends, options.maxSendsPerLeadPerDay(), at);
      Instant notBefore = capOpening == null ? at : capOpening;
      SendSlot slot =
          spread.place(
              current.leadId(),
              rules.firstAllowed(
                  new SendSlotRequest(
                      current.leadId(),
                      channel,
                      current.timezone(),
                      options.defaultTimezone(),
                      options.windowFor(channel),
                      notBefore,
                      callsAndTexts,
                      null,
                      null),
                  phone,
                  leadTimezone,
                  leadState),
              notBefore,
              holds.paused().contains(channel));
      Instant senderFree = holds.senderFreeAt().get(channel);
      if (senderFree != null && slot.at() != null && slot.at().isBefore(senderFree)) {
        slot = slot.movedTo(senderFree, SendSlot.SENDER_CAP);
      }
      if (slot.at() == null) {
        // no window opens within a year: nothing more can be told
        return new Result(zones, regions, items, afterLastStep, true);
      }
      items.add(
          new Item(
              nurture ? FollowUpState.LONG_TERM : current.followUpStep(),
              channel,
              due,
              slot.at(),
              zones.get(0),
              SendSlot.PAUSED.equals(slot.rule())
                      || SendSlot.SENDER_CAP.equals(slot.rule())
                      || capOpening == null
                  ? reason(slot)
                  : DAILY_CAP));
      sends.add(slot.at());
      if (channel.isVoiceOrText()) {
        callsAndTexts.add(slot.at());
      }
      current = FollowUpSchedule.advance(current, slot.at(), options);
    }
    return new Result(zones, regions, items, afterLastStep, false);
  }

  /** Only an armed step or a nurture touch comes due (as the workflow's {@code isDue}). */
  private static boolean runs(FollowUpState state) {
    if (state.nextFollowUpAt() == null) {
      return false;
    }
    return switch (state.followUpStatus()) {
      case LONG_TERM -> true;
      case SCHEDULED -> state.followUpConfig().has(state.followUpStep());
      case STOPPED, REPLIED, UNSCHEDULED, PAUSED -> false;
    };
  }

  /** The rule as the API names it: a region's rule with its region ({@code REGIONAL_CAP:US-FL}). */
  static String reason(SendSlot slot) {
    if (slot.rule() == null) {
      return null;
    }
    return SendSlot.isRegional(slot.rule()) && slot.region() != null
        ? slot.rule() + ":" + slot.region()
        : slot.rule();
  }

  private static ZoneId zone(String name) {
    return name != null && TimeZones.isRegionName(name) ? ZoneId.of(name) : ZoneId.of("UTC");
  }
}
