package io.followup.worker.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.followup.domain.lead.Lead;
import io.followup.workflows.model.Channel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplatesTest {
  @TempDir Path dir;

  private final Lead lead =
      new Lead(
          "L",
          "Ada",
          "Lovelace",
          null,
          "ada@example.com",
          null,
          Map.of("company", "AE"),
          false,
          false,
          null);

  @Test
  void aFileInTheDirectoryReplacesItsDefaultAndTheOthersStay() throws Exception {
    Files.writeString(
        dir.resolve("text.mustache"), "Hello {{firstName}} from {{additionalInfo.company}}\n");
    Files.writeString(dir.resolve("email-html.mustache"), "<b>{{firstName}}</b>\r\n");
    Files.writeString(dir.resolve("notes.txt"), "not a template: ignored");

    MessageRenderer renderer = new MessageRenderer(Templates.load(dir));

    assertThat(renderer.render(lead, Channel.TEXT).body()).isEqualTo("Hello Ada from AE");
    RenderedMessage email = renderer.render(lead, Channel.EMAIL);
    assertThat(email.html()).isEqualTo("<b>Ada</b>");
    assertThat(email.subject()).isEqualTo("Following up, Ada");
    assertThat(renderer.render(lead, Channel.CALL))
        .isEqualTo(new MessageRenderer().render(lead, Channel.CALL));
  }

  @Test
  void aTemplateThatDoesNotCompileFailsAtLoadNamingItsFile() throws Exception {
    Files.writeString(dir.resolve("email-subject.mustache"), "Hi {{#firstName}} unclosed");

    assertThatThrownBy(() -> Templates.load(dir))
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith("template email (subject) does not compile")
        .hasMessageContaining("firstName")
        .hasMessageEndingWith("(in " + dir + ")");
  }

  @Test
  void aBrokenVariableTagFailsAtLoad() throws Exception {
    Files.writeString(dir.resolve("call.mustache"), "Hi {{firstName");

    assertThatThrownBy(() -> Templates.load(dir))
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith("template call.mustache does not compile");
  }

  @Test
  void partialsAreNotRead() throws Exception {
    Files.writeString(dir.resolve("voicemail.mustache"), "{{> /etc/passwd}}");

    assertThatThrownBy(() -> Templates.load(dir))
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith("template voicemail.mustache does not compile");
  }

  @Test
  void anUnknownTemplateNameIsATypoNotIgnored() throws Exception {
    Files.writeString(dir.resolve("email_subject.mustache"), "Hi");

    assertThatThrownBy(() -> Templates.load(dir))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("holds email_subject.mustache; templates are [text.mustache");
  }

  @Test
  void aTemplateMustBeUtf8() throws Exception {
    Files.write(dir.resolve("text.mustache"), new byte[] {'H', 'i', ' ', (byte) 0xE9});

    assertThatThrownBy(() -> Templates.load(dir))
        .isInstanceOf(TemplateException.class)
        .hasMessageEndingWith("text.mustache is not UTF-8");
  }

  @Test
  void aMissingDirectoryIsAnError() {
    assertThatThrownBy(() -> Templates.load(dir.resolve("nope")))
        .isInstanceOf(TemplateException.class)
        .hasMessageEndingWith("nope is not a directory");
  }
}
