package io.followup.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.followup.worker.message.MessageRenderer;
import io.followup.worker.message.TemplateException;
import io.followup.worker.message.Templates;
import java.nio.file.Path;

/**
 * Message templates ({@code templates:} in the YAML): the built-in ones, each replaced by a file of
 * the same name in {@code TEMPLATES_DIR} when it is set.
 */
public class TemplateSettings {
  @JsonProperty public String dir = "";

  /**
   * Loads and compiles the templates once.
   *
   * @throws SettingsException naming TEMPLATES_DIR when one cannot be read or does not compile
   */
  public MessageRenderer renderer() {
    if (dir == null || dir.isBlank()) {
      return new MessageRenderer(Templates.defaults());
    }
    try {
      return new MessageRenderer(Templates.load(Path.of(dir.strip())));
    } catch (TemplateException | java.nio.file.InvalidPathException e) {
      throw new SettingsException(
          "the settings stop the start:\n  TEMPLATES_DIR: " + e.getMessage());
    }
  }
}
