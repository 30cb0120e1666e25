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
 * {@code rollout-settings [--rate N] [config.yml]}: hands the organisation's current settings
 * (sending window, default zone, after-last-step, nurture, daily cap: the environment this command
 * runs with) to every lead's running workflow. A send waiting for a window or a cap is evaluated
 * again under them. A workflow that has them already changes nothing, so it is safe to run again;
 * it exits non-zero when a lead could not be reached (run {@code recover} for leads without a
 * workflow, then this again).
 */
public final class RolloutSettingsCommand extends OperatorCommand {
  public RolloutSettingsCommand() {
    super(
        "rollout-settings",
        "Pushes the current organisation settings to every running lead workflow",
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
        "rollout-settings: window "
            + configuration.followUp.sendingWindowStart
            + "-"
            + configuration.followUp.sendingWindowEnd
            + " on "
            + configuration.followUp.sendingDays
            + ", default zone "
            + configuration.followUp.defaultTimezone
            + ", after the last step "
            + configuration.followUp.afterLastStep
            + ", nurture every "
            + configuration.followUp.nurtureIntervalHours
            + " h, at most "
            + configuration.followUp.maxSendsPerLeadPerDay
            + " sends a day; at most "
            + namespace.getDouble("rate")
            + " leads per second");
    LeadOperations.RolledOut pass =
        LeadOperations.rolloutSettings(
            jdbi,
            temporal.client(),
            configuration.followUp.toOptions(),
            new OpsPace(namespace.getDouble("rate")),
            new Progress(out, PROGRESS_EVERY));
    out.println("rollout-settings: done: " + pass);
    if (pass.failed() > 0 || pass.missing() > 0) {
      throw new IllegalStateException(
          "rollout-settings: "
              + (pass.failed() + pass.missing())
              + " leads did not get the settings"
              + (pass.missing() > 0 ? " (run recover for those without a workflow)" : "")
              + "; run it again");
    }
  }
}
