package io.followup.worker.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.worker.lead.Lead;
import io.followup.workflows.model.Channel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageRendererTest {
  private static final Templates TEMPLATES =
      new Templates(
          "Hi {firstName} {lastName} of {additionalInfo.company}{additionalInfo.missing}{nope}!",
          "Calling {firstName} in {additionalInfo.address.city}",
          "Voicemail for {firstName}",
          "About {additionalInfo.company}",
          "Dear {firstName}, {additionalInfo.seats} seats; {not a placeholder}");

  private final Map<String, Object> info = new HashMap<>();
  private final MessageRenderer renderer = new MessageRenderer(TEMPLATES);

  private Lead lead() {
    info.put("company", "Analytical Engines");
    info.put("address", Map.of("city", "London"));
    info.put("seats", 12);
    info.put("missing", null);
    return new Lead("L", "Ada", "Lovelace", "+15555550100", "ada@example.com", null, info, false);
  }

  @Test
  void fillsLeadFieldsAndAdditionalInfoAndLeavesUnknownPlaceholdersEmpty() {
    Lead lead = lead();

    assertThat(renderer.render(lead, Channel.TEXT, null).body())
        .isEqualTo("Hi Ada Lovelace of Analytical Engines!");
    assertThat(renderer.render(lead, Channel.CALL, null).body()).isEqualTo("Calling Ada in London");
    assertThat(renderer.render(lead, Channel.VOICEMAIL, null).body())
        .isEqualTo("Voicemail for Ada");
  }

  @Test
  void anEmailHasASubjectAndABody() {
    RenderedMessage email = renderer.render(lead(), Channel.EMAIL, null);

    assertThat(email.subject()).isEqualTo("About Analytical Engines");
    assertThat(email.body()).isEqualTo("Dear Ada, 12 seats; {not a placeholder}");
    assertThat(email.content())
        .isEqualTo("About Analytical Engines\n\nDear Ada, 12 seats; {not a placeholder}");
  }

  @Test
  void recordsTheChosenStrategy() {
    Lead lead = lead();

    assertThat(renderer.render(lead, Channel.TEXT, null).strategyId()).isNull();
    assertThat(renderer.render(lead, Channel.TEXT, List.of("auto")).strategyId()).isEqualTo("auto");
    assertThat(renderer.render(lead, Channel.TEXT, List.of("s-1", "s-2")).strategyId())
        .isEqualTo("s-1");
  }

  @Test
  void theDefaultTemplatesNameTheLead() {
    MessageRenderer defaults = new MessageRenderer();
    Lead lead = lead();

    for (Channel channel : Channel.values()) {
      assertThat(defaults.render(lead, channel, null).content())
          .contains("Ada")
          .doesNotContain("{");
    }
  }
}
