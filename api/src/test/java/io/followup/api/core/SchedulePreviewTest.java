package io.followup.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.api.core.SchedulePreview.Item;
import io.followup.api.core.SchedulePreview.PastSend;
import io.followup.api.core.SchedulePreview.Result;
import io.followup.compliance.LeadSendRules;
import io.followup.compliance.RegionalRules;
import io.followup.workflows.model.AfterLastStep;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpOptions;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.FollowUpStatus;
import io.followup.workflows.model.SendingWindow;
import io.followup.workflows.model.StepConfig;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The preview as timelines, on a fixed clock: Thursday 2026-12-03 12:00 UTC. */
class SchedulePreviewTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private static final String FLORIDA = "+13055550123";
  private static final String NEW_YORK = "America/New_York";

  private static final SchedulePreview PREVIEW = preview(FollowUpOptions.DEFAULTS);

  private static SchedulePreview preview(FollowUpOptions options) {
    return new SchedulePreview(new LeadSendRules(RegionalRules.builtIn()), options);
  }

  private static FollowUpConfig config(StepConfig... steps) {
    Map<Integer, StepConfig> map = new TreeMap<>();
    for (int i = 0; i < steps.length; i++) {
      map.put(i + 1, steps[i]);
    }
    return FollowUpConfig.of(map);
  }

  private static FollowUpState scheduled(
      FollowUpConfig config, int step, Instant due, String timezone) {
    return FollowUpState.unscheduled("lead-1")
        .withLeadFacts(false, timezone, false)
        .withSchedule(config, step, FollowUpStatus.SCHEDULED, due, config.step(step).channel());
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  @Test
  void aNightTimeStepGoesAtEightLocalAndTheNextFollowsFromThere() {
    FollowUpConfig config = config(StepConfig.of(1, Channel.TEXT), StepConfig.of(2, Channel.CALL));
    // 02:00 in New York
    Result result =
        PREVIEW.preview(
            scheduled(config, 1, at("2026-12-04T07:00:00Z"), NEW_YORK),
            null,
            null,
            null,
            List.of(),
            NOW,
            3);

    assertThat(result.zones()).containsExactly(ZoneId.of(NEW_YORK));
    assertThat(result.items())
        .containsExactly(
            new Item(
                1,
                Channel.TEXT,
                at("2026-12-04T07:00:00Z"),
                at("2026-12-04T13:00:00Z"),
                ZoneId.of(NEW_YORK),
                "SENDING_WINDOW"),
            new Item(
                2,
                Channel.CALL,
                at("2026-12-04T15:00:00Z"),
                at("2026-12-04T15:00:00Z"),
                ZoneId.of(NEW_YORK),
                null),
            // after the last step: the nurture touches, 30 days apart
            new Item(
                -2,
                Channel.TEXT,
                at("2027-01-03T15:00:00Z"),
                at("2027-01-03T15:00:00Z"),
                ZoneId.of(NEW_YORK),
                null));
    assertThat(result.afterLastStep()).isEqualTo("LONG_TERM");
    assertThat(result.truncated()).isTrue();
  }

  @Test
  void aFloridaNumberKeepsTheStateWindowAndItsCapOfThreeTexts() {
    FollowUpConfig config =
        config(
            StepConfig.of(1, Channel.TEXT),
            StepConfig.of(1, Channel.TEXT),
            StepConfig.of(1, Channel.TEXT),
            StepConfig.of(1, Channel.TEXT),
            StepConfig.of(1, Channel.EMAIL));
    // 20:30 in Florida: open for the organisation (until 21:00), closed for Florida (until 20:00)
    FollowUpState state = scheduled(config, 1, at("2026-12-04T01:30:00Z"), null);

    List<Item> items = PREVIEW.preview(state, FLORIDA, null, null, List.of(), NOW, 5).items();

    assertThat(items)
        .extracting(Item::followUpStep, Item::sendAt, Item::movedBy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                1, at("2026-12-04T13:00:00Z"), "REGIONAL_WINDOW:US-FL"),
            org.assertj.core.groups.Tuple.tuple(2, at("2026-12-04T14:00:00Z"), null),
            org.assertj.core.groups.Tuple.tuple(3, at("2026-12-04T15:00:00Z"), null),
            // the 4th text in 24 hours waits until the first is a day (and a minute) old
            org.assertj.core.groups.Tuple.tuple(
                4, at("2026-12-05T13:01:00Z"), "REGIONAL_CAP:US-FL"),
            // email is not bound by the region
            org.assertj.core.groups.Tuple.tuple(5, at("2026-12-05T14:01:00Z"), null));
    assertThat(items.get(0).zone()).isEqualTo(ZoneId.of(NEW_YORK));
  }

  /** Houston (713, Central time): Texas SB 140, Sunday noon to 21:00. */
  @Test
  void aTexasLeadsStepDueSundayTenGoesAtSundayNoon() {
    FollowUpConfig config = config(StepConfig.of(1, Channel.TEXT));
    // Sunday 2026-12-06 10:00 in Houston (UTC-6)
    FollowUpState state = scheduled(config, 1, at("2026-12-06T16:00:00Z"), null);

    Item item =
        PREVIEW.preview(state, "+17135550123", null, null, List.of(), NOW, 1).items().get(0);

    // Sunday 12:00 in Houston
    assertThat(item.sendAt()).isEqualTo(at("2026-12-06T18:00:00Z"));
    assertThat(item.movedBy()).isEqualTo("REGIONAL_WINDOW:US-TX");
    assertThat(item.zone()).isEqualTo(ZoneId.of("America/Chicago"));
  }

  /** Birmingham (205, Central time): no call or text on a Sunday or a legal holiday. */
  @Test
  void anAlabamaLeadsSundayStepGoesMondayAtEight() {
    FollowUpConfig config = config(StepConfig.of(1, Channel.CALL));
    // Sunday 2026-12-06 10:00 in Birmingham
    FollowUpState state = scheduled(config, 1, at("2026-12-06T16:00:00Z"), null);

    Item item =
        PREVIEW.preview(state, "+12055550123", null, null, List.of(), NOW, 1).items().get(0);

    // Monday 2026-12-07 08:00 in Birmingham
    assertThat(item.sendAt()).isEqualTo(at("2026-12-07T14:00:00Z"));
    assertThat(item.movedBy()).isEqualTo("REGIONAL_DAY:US-AL");
  }

  @Test
  void anAlabamaLeadsSundayStepBeforeAHolidayMondayGoesTuesdayAtEight() {
    FollowUpConfig config = config(StepConfig.of(1, Channel.TEXT));
    // Sunday 2027-01-17 10:00 in Birmingham; Monday 2027-01-18 is Dr. King's birthday
    FollowUpState state = scheduled(config, 1, at("2027-01-17T16:00:00Z"), null);

    Item item =
        PREVIEW.preview(state, "+12055550123", null, null, List.of(), NOW, 1).items().get(0);

    assertThat(item.sendAt()).isEqualTo(at("2027-01-19T14:00:00Z"));
    assertThat(item.movedBy()).isEqualTo("REGIONAL_DAY:US-AL");
  }

  /** Christmas 2027 is a Saturday: observed Friday the 24th; both days are closed in Alabama. */
  @Test
  void anAlabamaLeadsStepOnAnObservedHolidayWaitsAndSaysHoliday() {
    FollowUpConfig config = config(StepConfig.of(1, Channel.TEXT));
    // Friday 2027-12-24 09:00 in Birmingham
    FollowUpState state = scheduled(config, 1, at("2027-12-24T15:00:00Z"), null);

    Item item =
        PREVIEW
            .preview(state, "+12055550123", null, null, List.of(), at("2027-12-20T12:00:00Z"), 1)
            .items()
            .get(0);

    // Friday (observed) and Saturday (the day) are holidays, Sunday closed: Monday 08:00
    assertThat(item.sendAt()).isEqualTo(at("2027-12-27T14:00:00Z"));
    assertThat(item.movedBy()).isEqualTo("REGIONAL_HOLIDAY:US-AL");
  }

  @Test
  void theRegionalCapCountsTheLeadsRecentSends() {
    FollowUpConfig config = config(StepConfig.of(1, Channel.TEXT));
    FollowUpState state = scheduled(config, 1, at("2026-12-03T16:00:00Z"), null);
    List<PastSend> past =
        List.of(
            new PastSend(at("2026-12-03T09:00:00Z"), Channel.EMAIL),
            new PastSend(at("2026-12-03T10:00:00Z"), Channel.TEXT),
            new PastSend(at("2026-12-03T11:00:00Z"), Channel.CALL),
            new PastSend(at("2026-12-03T11:30:00Z"), Channel.TEXT));

    Item first = PREVIEW.preview(state, FLORIDA, null, null, past, NOW, 1).items().get(0);

    // three calls and texts since 10:00 UTC (the email does not count): free at 10:00 UTC
    // tomorrow, 05:00 in Florida, so at the window's 08:00
    assertThat(first.sendAt()).isEqualTo(at("2026-12-04T13:00:00Z"));
    assertThat(first.movedBy()).isEqualTo("REGIONAL_CAP:US-FL");
  }

  @Test
  void aStepOnAHolidayGoesTheNextDay() {
    FollowUpOptions options =
        FollowUpOptions.DEFAULTS.withSendingWindow(
            new SendingWindow(
                LocalTime.of(8, 0),
                LocalTime.of(21, 0),
                null,
                List.of(LocalDate.of(2026, 12, 25)),
                false));
    FollowUpConfig config = config(StepConfig.of(1, Channel.TEXT));
    FollowUpState state = scheduled(config, 1, at("2026-12-25T15:00:00Z"), NEW_YORK);

    Item item = preview(options).preview(state, null, null, null, List.of(), NOW, 1).items().get(0);

    assertThat(item.sendAt()).isEqualTo(at("2026-12-26T13:00:00Z"));
    assertThat(item.movedBy()).isEqualTo("HOLIDAY");
  }

  @Test
  void theDailyCapMovesTheSendThatWouldPassIt() {
    FollowUpOptions options =
        FollowUpOptions.DEFAULTS
            .withSendingWindow(SendingWindow.ALWAYS)
            .withMaxSendsPerLeadPerDay(2)
            .withAfterLastStep(AfterLastStep.STOPPED);
    FollowUpConfig config =
        config(
            StepConfig.of(1, Channel.EMAIL),
            StepConfig.of(1, Channel.EMAIL),
            StepConfig.of(1, Channel.EMAIL));
    FollowUpState state = scheduled(config, 1, at("2026-12-03T13:00:00Z"), null);
    List<PastSend> past = List.of(new PastSend(at("2026-12-03T11:00:00Z"), Channel.TEXT));

    Result result = preview(options).preview(state, null, null, null, past, NOW, 10);

    assertThat(result.items())
        .extracting(Item::sendAt, Item::movedBy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(at("2026-12-03T13:00:00Z"), null),
            // 11:00 (past) and 13:00 fill the cap: a day after 11:00
            org.assertj.core.groups.Tuple.tuple(at("2026-12-04T11:00:00Z"), "DAILY_CAP"),
            org.assertj.core.groups.Tuple.tuple(at("2026-12-04T13:00:00Z"), "DAILY_CAP"));
    assertThat(result.afterLastStep()).isEqualTo("STOPPED");
    assertThat(result.truncated()).isFalse();
  }

  @Test
  void anOverdueStepGoesNow() {
    FollowUpConfig config = config(StepConfig.of(1, Channel.EMAIL));
    FollowUpState state = scheduled(config, 1, at("2026-12-03T11:00:00Z"), null);

    Item item = PREVIEW.preview(state, null, null, null, List.of(), NOW, 1).items().get(0);

    assertThat(item.dueAt()).isEqualTo(at("2026-12-03T11:00:00Z"));
    assertThat(item.sendAt()).isEqualTo(NOW);
  }

  @Test
  void anEmailAtNightIsNotMovedWithoutAnEmailWindow() {
    FollowUpConfig config = config(StepConfig.of(1, Channel.EMAIL));
    FollowUpState state = scheduled(config, 1, at("2026-12-04T07:00:00Z"), NEW_YORK);

    Item item = PREVIEW.preview(state, null, null, null, List.of(), NOW, 1).items().get(0);

    assertThat(item.sendAt()).isEqualTo(at("2026-12-04T07:00:00Z"));
    assertThat(item.movedBy()).isNull();
  }

  @Test
  void aStoppedLeadHasNothingUpcoming() {
    FollowUpConfig config = config(StepConfig.of(1, Channel.TEXT));
    FollowUpState stopped =
        FollowUpState.unscheduled("lead-1")
            .withSchedule(config, FollowUpState.STOPPED, FollowUpStatus.STOPPED, null, null);

    Result result = PREVIEW.preview(stopped, FLORIDA, null, null, List.of(), NOW, 10);

    assertThat(result.items()).isEmpty();
    assertThat(result.afterLastStep()).isNull();
    assertThat(result.truncated()).isFalse();
    assertThat(
            PREVIEW
                .preview(FollowUpState.unscheduled("lead-2"), null, null, null, List.of(), NOW, 10)
                .items())
        .isEmpty();
  }

  @Test
  void aLongTermLeadShowsItsNextNurtureTouchesUpToTheLimit() {
    FollowUpState nurture =
        FollowUpState.unscheduled("lead-1")
            .withLeadFacts(false, NEW_YORK, false)
            .withSchedule(
                FollowUpConfig.EMPTY,
                FollowUpState.LONG_TERM,
                FollowUpStatus.LONG_TERM,
                at("2026-12-10T15:00:00Z"),
                Channel.TEXT);

    Result result = PREVIEW.preview(nurture, null, null, null, List.of(), NOW, 3);

    assertThat(result.items())
        .extracting(Item::followUpStep, Item::sendAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(-2, at("2026-12-10T15:00:00Z")),
            org.assertj.core.groups.Tuple.tuple(-2, at("2027-01-09T15:00:00Z")),
            org.assertj.core.groups.Tuple.tuple(-2, at("2027-02-08T15:00:00Z")));
    assertThat(result.afterLastStep()).isEqualTo("LONG_TERM");
    assertThat(result.truncated()).isTrue();
  }

  @Test
  void aTollFreeNumberIsCheckedInEveryZoneAndShownInTheFirst() {
    FollowUpConfig config = config(StepConfig.of(1, Channel.TEXT));
    // 12:00 UTC: 07:00 in New York, 04:00 in Los Angeles; 08:00 in Los Angeles is 16:00 UTC
    FollowUpState state = scheduled(config, 1, at("2026-12-04T12:00:00Z"), null);

    Result result = PREVIEW.preview(state, "+18005550123", null, null, List.of(), NOW, 1);

    assertThat(result.zones()).hasSizeGreaterThan(1);
    Item item = result.items().get(0);
    assertThat(item.zone()).isEqualTo(result.zones().get(0));
    for (ZoneId zone : result.zones()) {
      assertThat(item.sendAt().atZone(zone).toLocalTime())
          .isBetween(LocalTime.of(8, 0), LocalTime.of(20, 59));
    }
    assertThat(item.movedBy()).isEqualTo("SENDING_WINDOW");
  }
}
