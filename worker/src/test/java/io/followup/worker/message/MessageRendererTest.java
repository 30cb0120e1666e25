package io.followup.worker.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.followup.domain.lead.Lead;
import io.followup.workflows.model.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageRendererTest {
  private static final Templates TEMPLATES =
      Templates.of(
          "Hi {{firstName}} {{lastName}} of {{additionalInfo.company}}"
              + "{{additionalInfo.missing}}{{nope}}{{additionalInfo.nope.deeper}}!",
          "Calling {{firstName}} in {{additionalInfo.address.city}} ({{timezone}}, {{phone}})",
          "Voicemail for {{firstName}} ({{id}})",
          "About {{additionalInfo.company}}",
          "Dear {{firstName}}, {{additionalInfo.seats}} seats; {not a placeholder} {{email}}",
          "<p>Dear {{firstName}} of {{additionalInfo.company}}</p>");

  private final Map<String, Object> info = new HashMap<>();
  private final MessageRenderer renderer = new MessageRenderer(TEMPLATES);

  private Lead lead() {
    info.putIfAbsent("company", "Analytical Engines");
    info.put("address", Map.of("city", "London"));
    info.put("seats", 12);
    info.put("missing", null);
    return new Lead(
        "L",
        "Ada",
        "Lovelace",
        "+15555550100",
        "ada@example.com",
        "Europe/London",
        info,
        false,
        false,
        null);
  }

  @Test
  void fillsLeadFieldsAndNestedAdditionalInfo() {
    Lead lead = lead();

    assertThat(renderer.render(lead, Channel.CALL).body())
        .isEqualTo("Calling Ada in London (Europe/London, +15555550100)");
    assertThat(renderer.render(lead, Channel.VOICEMAIL).body()).isEqualTo("Voicemail for Ada (L)");
    assertThat(renderer.render(lead, Channel.EMAIL).body()).endsWith("ada@example.com");
  }

  @Test
  void aMissingOrNullVariableRendersEmpty() {
    assertThat(renderer.render(lead(), Channel.TEXT).body())
        .isEqualTo("Hi Ada Lovelace of Analytical Engines!");

    Lead bare = new Lead("L2", null, null, null, null, null, null, false, false, null);
    assertThat(renderer.render(bare, Channel.TEXT).body()).isEqualTo("Hi   of !");
  }

  @Test
  void anEmailHasASubjectAPlainBodyAndAnHtmlBody() {
    RenderedMessage email = renderer.render(lead(), Channel.EMAIL);

    assertThat(email.subject()).isEqualTo("About Analytical Engines");
    assertThat(email.body()).isEqualTo("Dear Ada, 12 seats; {not a placeholder} ada@example.com");
    assertThat(email.html()).isEqualTo("<p>Dear Ada of Analytical Engines</p>");
    assertThat(renderer.render(lead(), Channel.TEXT).html()).isNull();
  }

  @Test
  void onlyTheHtmlBodyEscapes() {
    info.put("company", "Smith & <Sons> \"Ltd\"");
    Lead lead = lead();

    assertThat(renderer.render(lead, Channel.TEXT).body())
        .isEqualTo("Hi Ada Lovelace of Smith & <Sons> \"Ltd\"!");
    RenderedMessage email = renderer.render(lead, Channel.EMAIL);
    assertThat(email.subject()).isEqualTo("About Smith & <Sons> \"Ltd\"");
    assertThat(email.html())
        .isEqualTo("<p>Dear Ada of Smith &amp; &lt;Sons&gt; &quot;Ltd&quot;</p>");
  }

  @Test
  void aValueIsNotATemplate() {
    info.put("company", "{{firstName}}");

    assertThat(renderer.render(lead(), Channel.TEXT).body())
        .isEqualTo("Hi Ada Lovelace of {{firstName}}!");
  }

  @Test
  void aSubjectIsOneLine() {
    info.put("company", "Line one\r\nBcc: someone@example.com\n");

    assertThat(renderer.render(lead(), Channel.EMAIL).subject())
        .isEqualTo("About Line one Bcc: someone@example.com");
  }

  @Test
  void methodsOfValuesAreNotVariables() {
    MessageTemplate template =
        MessageTemplate.plain("probe", "[{{additionalInfo.size}}{{additionalInfo.class}}]");

    assertThat(renderer.render(lead(), template, null, RenderLimits.TEXT).body()).isEqualTo("[]");
  }

  @Test
  void sectionsWorkOnAdditionalInfo() {
    info.put("products", List.of(Map.of("name", "A"), Map.of("name", "B")));
    MessageTemplate template =
        MessageTemplate.plain(
            "sections",
            "{{#additionalInfo.products}}{{name}};{{/additionalInfo.products}}"
                + "{{^additionalInfo.vip}}regular{{/additionalInfo.vip}}");

    assertThat(renderer.render(lead(), template, "s-1", RenderLimits.TEXT))
        .isEqualTo(new RenderedMessage(null, "A;B;regular", null, "s-1"));
  }

  @Test
  void sectionsNestedThreeDeepDoNotCompileTwoDo() {
    String two =
        "{{#additionalInfo.a}}{{#additionalInfo.a}}x{{/additionalInfo.a}}{{/additionalInfo.a}}";
    assertThat(MessageTemplate.plain("two", two)).isNotNull();
    // an inverted section counts as a level too
    String three =
        "{{#additionalInfo.a}}{{^additionalInfo.b}}{{#additionalInfo.c}}x{{/additionalInfo.c}}"
            + "{{/additionalInfo.b}}{{/additionalInfo.a}}";
    assertThatThrownBy(() -> MessageTemplate.plain("three", three))
        .isInstanceOf(TemplateException.class)
        .hasMessage(
            "template three does not compile: it nests sections 3 deep, over the section depth limit"
                + " of 2");
  }

  @Test
  void aTextOverItsLimitStopsTheRender() {
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      items.add(Map.of("n", "item number " + i));
    }
    info.put("items", items);
    // two levels over 30 items: 900 lines, far over a text's 1,600 characters
    MessageTemplate template =
        MessageTemplate.plain(
            "long",
            "{{#additionalInfo.items}}{{#additionalInfo.items}}{{n}} {{/additionalInfo.items}}"
                + "{{/additionalInfo.items}}");

    assertThatThrownBy(() -> renderer.render(lead(), template, null, RenderLimits.TEXT))
        .isInstanceOf(RenderLimitException.class)
        .hasMessage("the rendered message is over 1600 characters (its limit)");
    // the same fits an email body
    assertThat(renderer.render(lead(), template, null, RenderLimits.EMAIL).body()).hasSize(13_200);
  }

  @Test
  void sectionsThatIterateTooOftenStopTheRenderEvenWritingNothing() {
    List<Integer> many = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add(i);
    }
    info.put("many", many);
    // 200 × 200 = 40,000 iterations that write nothing
    MessageTemplate template =
        MessageTemplate.plain(
            "quiet",
            "{{#additionalInfo.many}}{{#additionalInfo.many}}{{/additionalInfo.many}}"
                + "{{/additionalInfo.many}}");

    assertThatThrownBy(() -> renderer.render(lead(), template, null, RenderLimits.EMAIL))
        .isInstanceOf(RenderLimitException.class)
        .hasMessage("the template's sections iterated over 10000 times (its limit)");
  }

  @Test
  void anEmailSubjectOverItsLimitStopsTheRender() {
    info.put("company", "x".repeat(300));
    MessageTemplate template =
        MessageTemplate.email("subject", "About {{additionalInfo.company}}", "Hi", null);

    assertThatThrownBy(() -> renderer.render(lead(), template, null, RenderLimits.EMAIL))
        .isInstanceOf(RenderLimitException.class)
        .hasMessage("the rendered subject is over 200 characters (its limit)");
  }

  @Test
  void renderingIsDeterministic() {
    Lead lead = lead();

    assertThat(renderer.render(lead, Channel.EMAIL))
        .isEqualTo(renderer.render(lead, Channel.EMAIL));
  }

  @Test
  void withoutACatalogueStrategiesFallBackToTheDefaultTemplate() {
    Lead lead = lead();

    assertThat(renderer.render(lead, Channel.TEXT).strategyId()).isNull();
    assertThat(renderer.render(lead, Channel.TEXT, List.of("auto"), "L:1"))
        .isEqualTo(renderer.render(lead, Channel.TEXT));
    assertThat(renderer.render(lead, Channel.TEXT, List.of("s-1", "s-2"), "L:1").strategyId())
        .isNull();
  }

  @Test
  void theDefaultTemplatesGreetTheLeadByFirstName() {
    MessageRenderer defaults = new MessageRenderer();
    Lead lead = lead();

    for (Channel channel : Channel.values()) {
      RenderedMessage message = defaults.render(lead, channel);
      assertThat(message.body()).startsWith("Hi Ada,").doesNotContain("{").doesNotEndWith("\n");
      assertThat(message.html()).isNull();
    }
    assertThat(defaults.render(lead, Channel.EMAIL).subject()).isEqualTo("Following up, Ada");
  }
}
