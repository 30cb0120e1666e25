package io.followup.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.followup.domain.lead.Lead;
import io.followup.workflows.model.Channel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateSettingsTest {
  @TempDir Path dir;

  private final Lead lead =
      new Lead("L", "Ada", null, null, "ada@example.com", null, null, false, false, null);

  @Test
  void withoutADirectoryTheBuiltInTemplatesAreUsed() {
    assertThat(new TemplateSettings().renderer().render(lead, Channel.EMAIL).subject())
        .isEqualTo("Following up, Ada");
  }

  @Test
  void aFileInTemplatesDirReplacesItsDefault() throws Exception {
    Files.writeString(dir.resolve("email-subject.mustache"), "Hello {{firstName}}");
    TemplateSettings settings = new TemplateSettings();
    settings.dir = dir.toString();

    assertThat(settings.renderer().render(lead, Channel.EMAIL).subject()).isEqualTo("Hello Ada");
  }

  @Test
  void aTemplateThatDoesNotCompileStopsTheStartNamingTheVariable() throws Exception {
    Files.writeString(dir.resolve("text.mustache"), "Hi {{#firstName}}");
    TemplateSettings settings = new TemplateSettings();
    settings.dir = dir.toString();

    assertThatThrownBy(settings::renderer)
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith(
            "the settings stop the start:\n  TEMPLATES_DIR: template text.mustache does not compile");
  }
}
