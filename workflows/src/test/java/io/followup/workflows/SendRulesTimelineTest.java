package io.followup.workflows;

import static io.followup.workflows.FollowUpTestEnv.OPTIONS;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static java.time.temporal.ChronoUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.followup.workflows.RecordingChannels.Sent;
import io.followup.workflows.activities.SendDeferral;
import io.followup.workflows.model.Channel;
import io.followup.workflows.model.FollowUpChange;
import io.followup.workflows.model.FollowUpConfig;
import io.followup.workflows.model.FollowUpState;
import io.followup.workflows.model.SendingWindow;
import io.followup.workflows.model.StepConfig;
import io.followup.workflows.schedule.RegionalRule;
import io.followup.workflows.schedule.SendRules;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Timelines of sends the rules hold back (SPEC "Follow-up execution"): T0 is Monday 12:00 UTC,
 * 07:00 in New York. The lead's phone is played by {@link RecordingChannels#phoneZones} and {@link
 * RecordingChannels#regional}; worker's {@code SendRulesTimelineTest} runs the real phone rules.
 */
class SendRulesTimelineTest {
  private static final String LEAD = "lead-rules";
  private static final RegionalRule FLORIDA =
      new RegionalRule("US-FL", LocalTime.of(8, 0), LocalTime.of(20, 0), 3);

  private FollowUpTestEnv t;

  @BeforeEach
  void start() {
    t = new FollowUpTestEnv();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private FollowUpState apply(FollowUpChange change) {
    return t.apply(LEAD, change, OPTIONS.withSendingWindow(SendingWindow.DEFAULT));
  }

  @Test
  void aStepDueAtNightWaitsFor0800WhereThePhoneIsAndShowsThatInstant() {
    // no timezone: the phone implies Los Angeles, where T0 is 04:00
    t.channels.phoneZones = List.of(ZoneId.of("America/Los_Angeles"));
    apply(FollowUpChange.reset(FollowUpConfig.of(Map.of(1, StepConfig.of(0, Channel.TEXT))), 1));

    t.sleepUntil(ofMinutes(1));
    Instant eightInLosAngeles = Instant.parse("2026-01-05T16:00:00Z");
    FollowUpState waiting = t.query(LEAD);
    assertThat(waiting.nextFollowUpAt()).isEqualTo(eightInLosAngeles);
    assertThat(t.channels.projections()).last().isEqualTo(waiting);
    assertThat(
            t.stub(LEAD)
                .describe()
                .getTypedSearchAttributes()
                .get(FollowUpSearchAttributes.NEXT_FOLLOW_UP_AT))
        .isEqualTo(eightInLosAngeles.atOffset(ZoneOffset.UTC));
    assertThat(t.channels.slotRequests().get(0).timezone()).isNull();
    assertThat(t.channels.sends()).isEmpty();

    t.sleepUntil(ofHours(5));
    assertThat(t.channels.sends()).extracting(Sent::atMinute).containsExactly(eightInLosAngeles);
  }

  @Test
  void aFloridaLeadGetsNoTextAfter2000() {
    t.channels.regional = FLORIDA;
    // due 20:30 in New York: inside the organisation's window, outside Florida's
    apply(
        new FollowUpChange(
            FollowUpConfig.of(Map.of(1, StepConfig.of(13.5, Channel.TEXT))),
            1,
            null,
            "America/New_York",
            null));

    t.sleepUntil(ofHours(14));
    assertThat(t.channels.sends()).isEmpty();
    assertThat(t.query(LEAD).nextFollowUpAt()).isEqualTo(Instant.parse("2026-01-06T13:00:00Z"));
    assertThat(t.channels.deferrals()).isEmpty();

    t.sleepUntil(ofHours(26));
    assertThat(t.channels.sends())
        .extracting(Sent::atMinute)
        .containsExactly(Instant.parse("2026-01-06T13:00:00Z"));
  }

  /** SPEC "Compliance": the text handed over at 19:59 in Florida must arrive by 20:00. */
  @Test
  void aTextCarriesWhenTheLeadsWindowCloses() {
    t.channels.regional = FLORIDA;
    // due 19:59 in New York (T0 is 07:00)
    apply(
        new FollowUpChange(
            FollowUpConfig.of(Map.of(1, StepConfig.of(12 + 59 / 60d, Channel.TEXT))),
            1,
            null,
            "America/New_York",
            null));

    t.sleepUntil(ofHours(13));
    assertThat(t.channels.sends())
        .singleElement()
        .satisfies(
            sent ->
                assertThat(sent.request().validUntil())
                    // 20:00 in New York
                    .isEqualTo(Instant.parse("2026-01-06T01:00:00Z")));
  }

  @Test
  void aFourthTextWithin24HoursWaitsUntilTheOldestCountedIsADayOld() {
    t.channels.regional = FLORIDA;
    // texts at 09:00, 10:00, 11:00 New York time; the fourth is due at 12:00
    FollowUpConfig hourly =
        FollowUpConfig.of(
            Map.of(
                1, StepConfig.of(2, Channel.TEXT),
                2, StepConfig.of(1, Channel.TEXT),
                3, StepConfig.of(1, Channel.CALL),
                4, StepConfig.of(1, Channel.TEXT)));
    apply(new FollowUpChange(hourly, 1, null, "America/New_York", null));

    t.sleepUntil(ofHours(6));
    assertThat(t.channels.sends()).hasSize(3);
    Instant first = t.channels.sends().get(0).at();
    FollowUpState waiting = t.query(LEAD);
    assertThat(waiting.followUpStep()).isEqualTo(4);
    // Tuesday 09:00 in New York: the first text is a day old, and Florida's window is open
    assertThat(waiting.nextFollowUpAt())
        .isCloseTo(first.plus(SendRules.CAP_PERIOD), within(1, SECONDS));
    assertThat(t.channels.deferrals())
        .singleElement()
        .satisfies(
            d -> {
              SendDeferral deferral = d.deferral();
              assertThat(deferral.reason()).isEqualTo(SendDeferral.REGIONAL_CAP);
              assertThat(deferral.region()).isEqualTo("US-FL");
              assertThat(deferral.cap()).isEqualTo(3);
              assertThat(deferral.sendsInLastDay()).isEqualTo(3);
              assertThat(deferral.deferredUntil()).isEqualTo(waiting.nextFollowUpAt());
              assertThat(deferral.idempotencyKey()).isEqualTo(LEAD + ":4");
            });

    t.sleepUntil(ofHours(23));
    assertThat(t.channels.sends()).hasSize(3);
    t.sleepUntil(ofHours(28));
    assertThat(t.channels.sends())
        .extracting(s -> s.request().followUpStep())
        .containsExactly(1, 2, 3, 4);
    assertThat(t.channels.sends().get(3).at())
        .isCloseTo(first.plus(SendRules.CAP_PERIOD), within(1, SECONDS));
  }

  @Test
  void theCountedCallsAndTextsSurviveContinueAsNew() {
    t.channels.regional = FLORIDA;
    FollowUpConfig hourly =
        FollowUpConfig.of(
            Map.of(
                1, StepConfig.of(2, Channel.TEXT),
                2, StepConfig.of(1, Channel.TEXT),
                3, StepConfig.of(1, Channel.TEXT),
                4, StepConfig.of(1, Channel.TEXT)));
    t.apply(
        LEAD,
        new FollowUpChange(hourly, 1, null, "America/New_York", null),
        OPTIONS.withSendingWindow(SendingWindow.DEFAULT).withMaxHistoryEvents(30));
    String firstRun = t.stub(LEAD).describe().getExecution().getRunId();

    t.sleepUntil(ofHours(6));
    assertThat(t.stub(LEAD).describe().getExecution().getRunId()).isNotEqualTo(firstRun);
    assertThat(t.channels.sends()).hasSize(3);
    assertThat(t.channels.deferrals())
        .singleElement()
        .satisfies(d -> assertThat(d.deferral().reason()).isEqualTo(SendDeferral.REGIONAL_CAP));
  }
}
