package io.followup.api.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.followup.workflows.model.Channel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A follow-up config's strategyIds are checked against the catalogue in one lookup. */
class StrategyIdsCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A catalogue that counts its lookups. */
  static final class Counting implements StrategyLookup {
    final Map<String, Channel> known =
        Map.of("t1", Channel.TEXT, "t2", Channel.TEXT, "c1", Channel.CALL);
    final List<Collection<String>> batches = new ArrayList<>();
    int single;

    @Override
    public Optional<Channel> channelOf(String id) {
      single++;
      return Optional.ofNullable(known.get(id));
    }

    @Override
    public Map<String, Channel> channelsOf(Collection<String> ids) {
      batches.add(List.copyOf(ids));
      return StrategyLookup.super.channelsOf(ids);
    }
  }

  @Test
  void aWholeConfigIsCheckedInOneLookupOfItsDistinctIds() throws Exception {
    Counting catalogue = new Counting();
    new LeadRequests(catalogue)
        .parseUpdate(
            JSON.readTree(
                "{\"followUpConfig\":{"
                    + "\"1\":{\"hours\":1,\"channel\":\"text\",\"strategyIds\":[\"t1\",\"t2\"]},"
                    + "\"2\":{\"hours\":1,\"channel\":\"call\",\"strategyIds\":\"c1\"},"
                    + "\"3\":{\"hours\":1,\"channel\":\"text\",\"strategyIds\":[\"t2\",\"t1\"]},"
                    + "\"4\":{\"hours\":1,\"channel\":\"email\",\"strategyIds\":\"auto\"}}}"));

    assertThat(catalogue.batches).hasSize(1);
    assertThat(catalogue.batches.get(0)).containsExactlyInAnyOrder("t1", "t2", "c1");
  }

  @Test
  void anUnknownOrMismatchedIdStillNamesItsStep() {
    Counting catalogue = new Counting();
    LeadRequests requests = new LeadRequests(catalogue);
    assertThatThrownBy(
            () ->
                requests.parseUpdate(
                    JSON.readTree(
                        "{\"followUpConfig\":{"
                            + "\"1\":{\"hours\":1,\"channel\":\"text\",\"strategyIds\":\"t1\"},"
                            + "\"2\":{\"hours\":1,\"channel\":\"text\",\"strategyIds\":\"c1\"}}}")))
        .hasMessage(
            "followUpConfig.2.strategyIds: strategy 'c1' is a call strategy; this step's channel"
                + " is text");
    assertThatThrownBy(
            () ->
                requests.parseUpdate(
                    JSON.readTree(
                        "{\"followUpConfig\":{"
                            + "\"7\":{\"hours\":1,\"channel\":\"text\",\"strategyIds\":[\"t1\","
                            + "\"nope\"]}}}")))
        .hasMessage("followUpConfig.7.strategyIds: unknown strategy id 'nope'");
  }

  @Test
  void twentyIdsAreAllowedTwentyOneAreNot() throws Exception {
    StringBuilder twenty = new StringBuilder("\"t1\"");
    for (int i = 1; i < 20; i++) {
      twenty.append(",\"t2\"");
    }
    LeadRequests requests = new LeadRequests(new Counting());
    requests.parseUpdate(
        JSON.readTree(
            "{\"followUpConfig\":{\"1\":{\"hours\":1,\"channel\":\"text\",\"strategyIds\":["
                + twenty
                + "]}}}"));
    assertThatThrownBy(
            () ->
                requests.parseUpdate(
                    JSON.readTree(
                        "{\"followUpConfig\":{\"1\":{\"hours\":1,\"channel\":\"text\","
                            + "\"strategyIds\":["
                            + twenty
                            + ",\"t1\"]}}}")))
        .hasMessage("followUpConfig.1.strategyIds: must hold at most 20 ids");
  }
}
