package io.followup.workflows.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
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
}
