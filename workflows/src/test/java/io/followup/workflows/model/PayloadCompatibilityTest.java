package io.followup.workflows.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.workflows.activities.DeliveryStatus;
import io.followup.workflows.activities.SendRequest;
import io.followup.workflows.activities.SendResult;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Payloads cross deployments: they keep the API's shape and tolerate fields added later. */
class PayloadCompatibilityTest {
  private static final DataConverter CONVERTER = DefaultDataConverter.STANDARD_INSTANCE;

  @Test
  void aConfigTravelsAsTheApisObjectKeyedByStep() {
    FollowUpConfig config =
        FollowUpConfig.of(Map.of(2, new StepConfig(1.5, Channel.CALL, true, List.of("auto"))));
    String json = CONVERTER.toPayload(config).get().getData().toString(StandardCharsets.UTF_8);
    assertThat(json)
        .isEqualTo(
            "{\"2\":{\"hours\":1.5,\"channel\":\"call\",\"voicemailEnabled\":true,\"strategyIds\":[\"auto\"]}}");
    assertThat(
            CONVERTER.fromPayload(
                CONVERTER.toPayload(config).get(), FollowUpConfig.class, FollowUpConfig.class))
        .isEqualTo(config);
  }

  @Test
  void aStateWithFieldsFromANewerVersionStillReads() {
    FollowUpState state = FollowUpState.unscheduled("l");
    String json =
        CONVERTER
            .toPayload(state)
            .get()
            .getData()
            .toString(StandardCharsets.UTF_8)
            .replaceFirst("\\{", "{\"addedLater\":42,");
    io.temporal.api.common.v1.Payload payload =
        CONVERTER.toPayload(state).get().toBuilder()
            .setData(com.google.protobuf.ByteString.copyFromUtf8(json))
            .build();
    assertThat(CONVERTER.fromPayload(payload, FollowUpState.class, FollowUpState.class))
        .isEqualTo(state);
  }

  @Test
  void aSingleStrategyIdReadsAsAList() {
    io.temporal.api.common.v1.Payload payload =
        CONVERTER.toPayload(StepConfig.of(1, Channel.TEXT)).get().toBuilder()
            .setData(
                com.google.protobuf.ByteString.copyFromUtf8(
                    "{\"hours\":1,\"channel\":\"text\",\"strategyIds\":\"auto\"}"))
            .build();
    assertThat(CONVERTER.fromPayload(payload, StepConfig.class, StepConfig.class).strategyIds())
        .containsExactly("auto");
  }

  private static <T> T read(String json, Class<T> type) {
    io.temporal.api.common.v1.Payload payload =
        CONVERTER.toPayload("x").get().toBuilder()
            .setData(com.google.protobuf.ByteString.copyFromUtf8(json))
            .build();
    return CONVERTER.fromPayload(payload, type, type);
  }

  @Test
  void aSendRequestRecordedBeforeDueAtReadsWithoutOneAndTheFieldRoundTrips() {
    SendRequest old =
        read(
            "{\"leadId\":\"l\",\"followUpStep\":1,\"channel\":\"text\","
                + "\"idempotencyKey\":\"l:1\",\"strategyIds\":null,\"optedOut\":false}",
            SendRequest.class);
    assertThat(old)
        .isEqualTo(SendRequest.step("l", 1, Channel.TEXT, "l:1", null, null, false, null));
    assertThat(old.dueAt()).isNull();

    SendRequest now =
        SendRequest.step(
            "l", 1, Channel.TEXT, "l:1", null, Instant.parse("2026-01-01T08:00:00Z"), false, null);
    assertThat(
            CONVERTER.fromPayload(
                CONVERTER.toPayload(now).get(), SendRequest.class, SendRequest.class))
        .isEqualTo(now);
  }

  @Test
  void aSendResultRecordedWithContentStillReadsAndNowCarriesNone() {
    SendResult old =
        read(
            "{\"idempotencyKey\":\"l:1\",\"channel\":\"text\",\"status\":\"SENT\","
                + "\"strategyId\":null,\"content\":\"Hi Ada, ...\",\"providerId\":\"p-1\","
                + "\"detail\":null}",
            SendResult.class);
    assertThat(old)
        .isEqualTo(new SendResult("l:1", Channel.TEXT, DeliveryStatus.SENT, null, "p-1", null));
    String json = CONVERTER.toPayload(old).get().getData().toString(StandardCharsets.UTF_8);
    assertThat(json).doesNotContain("content").doesNotContain("Ada");
  }

  @Test
  void optionsWithoutADailyCapGetTheDefaultCap() {
    FollowUpOptions old =
        read(
            "{\"afterLastStep\":\"LONG_TERM\",\"nurtureIntervalHours\":720.0,"
                + "\"nurtureChannel\":\"text\",\"defaultTimezone\":\"UTC\","
                + "\"maxHistoryEvents\":2000,\"maxRunDays\":30.0}",
            FollowUpOptions.class);
    assertThat(old.maxSendsPerLeadPerDay()).isEqualTo(10);
    assertThat(old).isEqualTo(FollowUpOptions.DEFAULTS);
  }

  @Test
  void anInputWithoutRecentSendsStartsWithNone() {
    LeadFollowUpInput old = read("{\"leadId\":\"l\"}", LeadFollowUpInput.class);
    assertThat(old.recentSends()).isEmpty();
    assertThat(old.sendDeferred()).as("older inputs carry no deferred send").isFalse();
    assertThat(old.recentCallsAndTexts()).isEmpty();
    LeadFollowUpInput carried =
        new LeadFollowUpInput(
            "l",
            null,
            null,
            List.of(Instant.parse("2026-01-02T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z")),
            List.of(Instant.parse("2026-01-03T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z")),
            false);
    LeadFollowUpInput back =
        CONVERTER.fromPayload(
            CONVERTER.toPayload(carried).get(), LeadFollowUpInput.class, LeadFollowUpInput.class);
    assertThat(back.recentSends())
        .containsExactly(
            Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"));
    assertThat(back.recentCallsAndTexts())
        .containsExactly(
            Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-03T00:00:00Z"));
  }

  @Test
  void optionsWithoutAnEmailWindowSendEmailAtAnyHour() {
    FollowUpOptions old =
        read(
            "{\"sendingWindow\":{\"start\":\"08:00:00\",\"end\":\"21:00:00\"}}",
            FollowUpOptions.class);
    assertThat(old.emailSendingWindow()).isNull();
    assertThat(old.windowFor(io.followup.workflows.model.Channel.EMAIL)).isNull();
    assertThat(old.windowFor(io.followup.workflows.model.Channel.TEXT))
        .isEqualTo(SendingWindow.DEFAULT);
  }

  @Test
  void aDeferredSendIsCarriedAcrossContinueAsNew() {
    LeadFollowUpInput carried = new LeadFollowUpInput("l", null, null, null, null, true);
    LeadFollowUpInput back =
        CONVERTER.fromPayload(
            CONVERTER.toPayload(carried).get(), LeadFollowUpInput.class, LeadFollowUpInput.class);
    assertThat(back.sendDeferred()).isTrue();
  }
}
