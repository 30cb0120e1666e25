package io.followup.worker.strategy;

import static io.followup.domain.strategy.InMemoryStrategyCatalog.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.followup.domain.lead.Lead;
import io.followup.domain.strategy.InMemoryStrategyCatalog;
import io.followup.domain.strategy.Strategy;
import io.followup.domain.strategy.StrategyCatalog;
import io.followup.domain.strategy.StrategyTally;
import io.followup.worker.message.MessageRenderer;
import io.followup.worker.message.RenderedMessage;
import io.followup.worker.support.Envs;
import io.followup.workflows.model.Channel;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StrategyPickerTest {
  private final InMemoryStrategyCatalog catalog =
      new InMemoryStrategyCatalog()
          .put(text("t-1", "One {{firstName}}"))
          .put(text("t-2", "Two {{firstName}}"))
          .put(new Strategy("t-off", "Off", Channel.TEXT, "Off", null, false))
          .put(new Strategy("c-1", "Call", Channel.CALL, "Calling {{firstName}}", null, true))
          .put(
              new Strategy(
                  "e-1",
                  "Mail",
                  Channel.EMAIL,
                  "Dear {{firstName}}",
                  "For {{additionalInfo.company}}",
                  true));
  private final MessageRenderer renderer = new MessageRenderer().withStrategies(catalog);
  private final Lead lead = Envs.lead("L");

  private Set<String> picksOver(int sends, Channel channel, List<String> ids) {
    Set<String> picked = new HashSet<>();
    for (int i = 0; i < sends; i++) {
      picked.add(
          renderer
              .render(lead, channel, ids, channel.wireName() + ":" + ids + ":" + i)
              .strategyId());
    }
    return picked;
  }

  @Test
  void autoPicksAmongTheActiveStrategiesOfTheStepsChannel() {
    assertThat(picksOver(50, Channel.TEXT, List.of("auto")))
        .containsExactlyInAnyOrder("t-1", "t-2");
    assertThat(picksOver(5, Channel.CALL, List.of("auto"))).containsExactly("c-1");
  }

  @Test
  void aListRestrictsThePickToItsActiveIdsOfTheChannel() {
    assertThat(picksOver(30, Channel.TEXT, List.of("t-2", "t-off", "c-1"))).containsExactly("t-2");
  }

  @Test
  void withoutACandidateTheChannelsDefaultTemplateIsUsedAndThatIsKeptToo() {
    RenderedMessage message = renderer.render(lead, Channel.TEXT, List.of("t-off"), "L:9");

    assertThat(message).isEqualTo(renderer.render(lead, Channel.TEXT));
    assertThat(catalog.keptPick("L:9")).contains(StrategyCatalog.Pick.NONE);
    catalog.put(text("t-off", "now active"));
    assertThat(renderer.render(lead, Channel.TEXT, List.of("t-off"), "L:9").strategyId()).isNull();
  }

  @Test
  void theRenderedContentIsTheStrategysTemplate() {
    assertThat(renderer.render(lead, Channel.TEXT, List.of("t-1"), "L:1").body())
        .isEqualTo("One Ada");
    RenderedMessage email = renderer.render(lead, Channel.EMAIL, List.of("auto"), "L:2");
    assertThat(email.subject()).isEqualTo("For Analytical Engines");
    assertThat(email.body()).isEqualTo("Dear Ada");
    assertThat(email.strategyId()).isEqualTo("e-1");
  }

  @Test
  void aCallsVoicemailTakesTheCallsPickAndItsTemplate() {
    RenderedMessage call = renderer.render(lead, Channel.CALL, List.of("auto"), "L:3");
    RenderedMessage voicemail = renderer.render(lead, Channel.VOICEMAIL, List.of("auto"), "L:3");

    assertThat(voicemail.strategyId()).isEqualTo("c-1").isEqualTo(call.strategyId());
    assertThat(voicemail.body()).isEqualTo("Calling Ada");
  }

  @Test
  void theVoicemailLeftAfterAnUnansweredCallTakesThatCallsKeptPick() {
    catalog.put(new Strategy("c-2", "Call 2", Channel.CALL, "Second {{firstName}}", null, true));
    for (int i = 0; i < 20; i++) {
      String call = renderer.render(lead, Channel.CALL, List.of("auto"), "V:" + i).strategyId();
      assertThat(
              renderer
                  .render(lead, Channel.VOICEMAIL, List.of("auto"), "V:" + i + ":voicemail")
                  .strategyId())
          .isEqualTo(call);
    }
    assertThat(catalog.keptPick("V:0:voicemail")).isEmpty();
  }

  @Test
  void thePickOfASendIsKeptWhateverTheTalliesBecome() {
    catalog.tally("t-1", 100, 1).tally("t-2", 100, 1);
    String first = renderer.render(lead, Channel.TEXT, List.of("auto"), "L:7").strategyId();
    String other = first.equals("t-1") ? "t-2" : "t-1";
    // the other one now wins every fresh draw
    catalog.tally(first, 1000, 0).tally(other, 1000, 900);
    assertThat(renderer.render(lead, Channel.TEXT, List.of("auto"), "L:8").strategyId())
        .isEqualTo(other);

    assertThat(renderer.render(lead, Channel.TEXT, List.of("auto"), "L:7").strategyId())
        .as("a retry of the same send")
        .isEqualTo(first);
  }

  @Test
  void thompsonSamplingIsAPureFunctionOfTheTalliesAndTheSeed() {
    List<StrategyTally> arms =
        List.of(
            new StrategyTally("a", 10, 2), new StrategyTally("b", 10, 3), StrategyTally.none("c"));
    for (long seed = 0; seed < 20; seed++) {
      assertThat(ThompsonSampling.pick(arms, new SplittableRandom(seed)))
          .isEqualTo(ThompsonSampling.pick(arms, new SplittableRandom(seed)));
    }
    assertThat(ThompsonSampling.seed("L:1")).isEqualTo(ThompsonSampling.seed("L:1"));
    assertThat(ThompsonSampling.seed("L:1")).isNotEqualTo(ThompsonSampling.seed("L:2"));
  }

  @Test
  void aNewStrategyStillGetsTriedNextToAProvenOne() {
    List<StrategyTally> arms =
        List.of(new StrategyTally("proven", 200, 20), StrategyTally.none("new"));
    SplittableRandom random = new SplittableRandom(7);
    int tried = 0;
    for (int i = 0; i < 1000; i++) {
      tried += ThompsonSampling.pick(arms, random).equals("new") ? 1 : 0;
    }
    // Beta(1,1) beats Beta(21,181) (mean 0.10) about 9 times in 10
    assertThat(tried).isBetween(800, 950);
  }

  @Test
  void betaDrawsHaveTheirMean() {
    SplittableRandom random = new SplittableRandom(1);
    double sum = 0;
    for (int i = 0; i < 20_000; i++) {
      sum += ThompsonSampling.beta(3, 7, random);
    }
    assertThat(sum / 20_000).isBetween(0.29, 0.31);
    assertThat(Optional.of(ThompsonSampling.beta(0.5, 0.5, random)))
        .get()
        .matches(x -> x >= 0 && x <= 1);
  }
}
