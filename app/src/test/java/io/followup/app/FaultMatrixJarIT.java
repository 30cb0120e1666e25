package io.followup.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fault matrix's cheap row, from the suite: {@code scripts/faults.sh api-kill} (server mode
 * from the packaged jar, a PATCH load and 20 leads due; kill -9 of the API process). Its row must
 * show no acknowledged PATCH lost, no error-answered one applied, every due lead sent, none twice,
 * and both processes healthy. The other rows run from the script (docs/RELIABILITY.md).
 */
class FaultMatrixJarIT {

  @Test
  void killingTheApiLosesAndDuplicatesNothing() throws Exception {
    Path out = Files.createTempFile("faults", ".md");
    ProcessBuilder withOut = new ProcessBuilder("bash", "../scripts/faults.sh", "api-kill");
    withOut.environment().put("OUT", out.toString());
    Path log = Files.createTempFile("faults", ".log");
    Process run = withOut.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = run.waitFor(10, TimeUnit.MINUTES);
    if (!ended) {
      // SIGTERM first: the script stops the processes it started and drops its database
      run.destroy();
      if (!run.waitFor(30, TimeUnit.SECONDS)) {
        run.destroyForcibly();
      }
    }
    assertThat(ended).as(Files.readString(log)).isTrue();
    assertThat(run.exitValue()).as(Files.readString(log)).isZero();

    List<String> rows =
        Files.readAllLines(out).stream()
            .filter(l -> l.startsWith("| ") && !l.startsWith("| fault"))
            .toList();
    assertThat(rows).as(Files.readString(log)).hasSize(1);
    for (String row : rows) {
      String[] cells = row.split("\\|");
      // | fault | acknowledged | lost | error-answered applied | sent | twice | after | health |
      assertThat(Integer.parseInt(cells[2].strip())).as(row).isPositive();
      assertThat(cells[3].strip()).as(row).isEqualTo("0");
      assertThat(cells[4].strip()).as(row).isEqualTo("0");
      assertThat(cells[5].strip()).as(row).isEqualTo("20/20");
      assertThat(cells[6].strip()).as(row).isEqualTo("0");
      assertThat(cells[8].strip()).as(row).isEqualTo("ok");
    }
  }
}
