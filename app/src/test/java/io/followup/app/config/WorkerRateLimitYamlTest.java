package io.followup.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WORKER_MAX_ACTIVITIES_PER_SECOND reaches the worker in both runs: the embedded run once ignored
 * it (its YAML had no such line), and 10,000 due sends went out at 80 a second under a limit of 20
 * (docs/BENCHMARKS.md, "Send path").
 */
class WorkerRateLimitYamlTest {
  @ParameterizedTest
  @ValueSource(strings = {"config.yml", "embedded.yml"})
  void theWorkerReadsTheRateLimitVariable(String file) throws IOException {
    String text;
    try (InputStream in = getClass().getResourceAsStream("/" + file)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String worker = text.substring(text.indexOf("\nworker:"));
    worker = worker.substring(0, worker.indexOf("\n\n"));
    assertThat(worker)
        .contains("\n  maxActivitiesPerSecond: ${WORKER_MAX_ACTIVITIES_PER_SECOND:-0}");
  }
}
