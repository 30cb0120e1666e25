package io.followup.app.cli;

import io.followup.app.FollowUpConfiguration;
import io.followup.app.config.TemporalFactory;
import io.followup.app.ops.LeadOperations;
import io.followup.app.ops.OpsPace;
import io.followup.app.ops.Progress;
import java.io.PrintStream;
import net.sourceforge.argparse4j.inf.Namespace;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code recover [--rate N] [config.yml]}: starts the workflow of every stored lead that has none
 * (a lost namespace, a restored database) from its stored state, pending due instant included. A
 * running workflow is left alone, so it is safe to run again; it exits non-zero when a lead's
 * workflow could not be started (run it again).
 */
public final class RecoverCommand extends OperatorCommand {
  public RecoverCommand() {
    super(
        "recover",
        "Re-creates the workflow of every stored lead that has none (a lost namespace, a restore)",
        true);
  }

  @Override
  void run(
      FollowUpConfiguration configuration,
      Namespace namespace,
      Jdbi jdbi,
      TemporalFactory.Connection temporal,
      PrintStream out)
      throws Exception {
    out.println(
        "recover: starting the missing lead workflows on "
            + configuration.temporal.target
            + " at most "
            + namespace.getDouble("rate")
            + " per second");
    LeadOperations.Recovered pass =
        LeadOperations.recreateMissing(
            jdbi,
            temporal.client(),
            configuration.followUp.toOptions(),
            new OpsPace(namespace.getDouble("rate")),
            new Progress(out, PROGRESS_EVERY));
    out.println("recover: done: " + pass);
    if (pass.failed() > 0) {
      throw new IllegalStateException(
          "recover: " + pass.failed() + " lead workflows could not be started; run it again");
    }
  }
}
