package io.followup.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.api.core.SchedulePreview.Holds;
import io.followup.api.core.SchedulePreview.Item;
import io.followup.compliance.LeadSendRules;
import io.followup.compliance.RegionalRules;
import io.followup.compliance.SendSpread;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.model.StepConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What the preview shows of the window-open spread, the send switch and a sender's queue, on a
 * fixed clock: Thursday 2026-12-03 12:00 UTC; New York's window 08:00-21:00 (13:00-02:00 UTC).
 */
class SchedulePreviewHoldsTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private static final String NEW_YORK = "America/New_York";
  private static final Duration SPREAD = Duration.ofMinutes(15);
  private static final SchedulePreview PREVIEW =
      new SchedulePreview(
          new LeadSendRules(RegionalRules.builtIn()),
          FollowUpOptions.DEFAULTS,
          new SendSpread(SPREAD, SPREAD));

  private static FollowUpState text(String leadId, Instant due) {
    Map<Integer, StepConfig> steps = new TreeMap<>();
    steps.put(1, StepConfig.of(1, Channel.TEXT));
    FollowUpConfig config = FollowUpConfig.of(steps);
    return FollowUpState.unscheduled(leadId)
        .withLeadFacts(false, NEW_YORK, false)
        .withSchedule(config, 1, FollowUpStatus.SCHEDULED, due, Channel.TEXT);
  }

  private static Item first(String leadId, Instant due, Holds holds) {
    return PREVIEW
        .preview(text(leadId, due), null, null, null, List.of(), NOW, 1, holds)
        .items()
        .get(0);
  }

  @Test
  void sendsDeferredToTheOpeningAreSpreadOverItsFirstMinutesByLead() {
    // 02:00 in New York: the window opens at 08:00 (13:00 UTC)
    Instant night = Instant.parse("2026-12-04T07:00:00Z");
    Instant opening = Instant.parse("2026-12-04T13:00:00Z");
    List<Instant> sendAts =
        List.of("lead-a", "lead-b", "lead-c", "lead-d", "lead-e").stream()
            .map(id -> first(id, night, Holds.NONE))
            .peek(item -> assertThat(item.movedBy()).isEqualTo("SENDING_WINDOW"))
            .map(Item::sendAt)
            .toList();
    assertThat(sendAts).allSatisfy(at -> assertThat(at).isBetween(opening, opening.plus(SPREAD)));
    assertThat(sendAts).doesNotHaveDuplicates();
    // stable: the same lead, the same offset
    assertThat(first("lead-a", night, Holds.NONE).sendAt()).isEqualTo(sendAts.get(0));
    // a send inside the window is not moved
    Item open = first("lead-a", Instant.parse("2026-12-04T15:00:00Z"), Holds.NONE);
    assertThat(open.movedBy()).isNull();
    assertThat(open.sendAt()).isEqualTo(Instant.parse("2026-12-04T15:00:00Z"));
  }

  @Test
  void aPausedChannelShowsPausedAtTheLeadsNextCheck() {
    Instant due = Instant.parse("2026-12-03T15:00:00Z");
    Item held = first("lead-a", due, new Holds(Set.of(Channel.TEXT), Map.of()));
    assertThat(held.movedBy()).isEqualTo("PAUSED");
    assertThat(held.sendAt()).isAfter(due).isBefore(due.plus(SPREAD).plusMillis(1));
    // another channel's pause leaves it alone
    assertThat(first("lead-a", due, new Holds(Set.of(Channel.EMAIL), Map.of())).movedBy()).isNull();
  }

  @Test
  void aSendBeforeItsSendersNextFreeSlotShowsSenderCap() {
    // the sender's queue runs to 13:30 UTC, past the window's opening (13:00)
    Instant queueEnds = Instant.parse("2026-12-03T13:30:00Z");
    Holds queued = new Holds(Set.of(), Map.of(Channel.TEXT, queueEnds));
    // overdue: it would go at the opening, behind the sender's queue
    Item behind = first("lead-a", NOW.minusSeconds(60), queued);
    assertThat(behind.movedBy()).isEqualTo("SENDER_CAP");
    assertThat(behind.sendAt()).isEqualTo(queueEnds);
    // due after the queue drains: not moved
    Item later = first("lead-a", Instant.parse("2026-12-03T15:00:00Z"), queued);
    assertThat(later.movedBy()).isNull();
  }
}
