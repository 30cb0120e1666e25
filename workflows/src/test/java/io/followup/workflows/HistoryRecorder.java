package io.followup.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.WorkflowExecutionHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Rewrites the committed replay histories. Run it only when a workflow change is meant to be
 * incompatible (and running leads have been migrated): {@code mvn -pl workflows test
 * -Dtest=HistoryRecorder -Dhistories.record=true}. A new path adds its history alone, leaving the
 * committed ones as running leads recorded them: {@code -Dhistories.only=send-rules}.
 */
@EnabledIfSystemProperty(named = "histories.record", matches = "true")
class HistoryRecorder {
  @Test
  void recordHistories() throws Exception {
    Path dir = Path.of("src/test/resources/histories");
    Files.createDirectories(dir);
    String only = System.getProperty("histories.only", "");
    for (Map.Entry<String, List<WorkflowExecutionHistory>> scenario :
        HistoryScenarios.record().entrySet()) {
      if (!only.isEmpty() && !only.equals(scenario.getKey())) {
        continue;
      }
      List<WorkflowExecutionHistory> runs = scenario.getValue();
      for (int i = 0; i < runs.size(); i++) {
        String name = scenario.getKey() + (runs.size() > 1 ? "-run" + (i + 1) : "") + ".json";
        Files.writeString(dir.resolve(name), runs.get(i).toJson(true));
        assertThat(dir.resolve(name)).isNotEmptyFile();
      }
    }
  }
}
