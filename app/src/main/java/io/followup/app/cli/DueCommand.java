package io.followup.app.cli;

import io.followup.app.FollowUpConfiguration;
import io.followup.app.config.TemporalFactory;
import io.followup.app.ops.LeadOperations;
import io.followup.app.ops.LeadOperations.DueLead;
import io.followup.workflows.model.FollowUpState;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code due --hours N [--limit M] [config.yml]}: the leads whose next follow-up comes due within N
 * hours, from the store (overdue ones first), soonest first: lead id, step, channel and instant, no
 * personal data. Reads only.
 */
public final class DueCommand extends OperatorCommand {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 10_000;
  static final double MAX_HOURS = 87_600;

  private final Clock clock;

  public DueCommand() {
    this(Clock.systemUTC());
  }

  DueCommand(Clock clock) {
    super("due", "Lists the leads due in the next N hours (from the store)", false);
    this.clock = clock;
  }

  @Override
  public void configure(Subparser subparser) {
    super.configure(subparser);
    subparser
        .addArgument("--hours")
        .type(Double.class)
        .required(true)
        .help("how far ahead, in hours (up to " + (long) MAX_HOURS + ")");
    subparser
        .addArgument("--limit")
        .type(Integer.class)
        .setDefault(DEFAULT_LIMIT)
        .help("at most this many leads (default " + DEFAULT_LIMIT + ", up to " + MAX_LIMIT + ")");
  }

  @Override
  void run(
      FollowUpConfiguration configuration,
      Namespace namespace,
      Jdbi jdbi,
      TemporalFactory.Connection temporal,
      PrintStream out) {
    double hours = namespace.getDouble("hours");
    int limit = namespace.getInt("limit");
    if (!(hours > 0 && hours <= MAX_HOURS)) {
      throw new IllegalArgumentException(
          "--hours: must be above 0 and at most " + (long) MAX_HOURS + "; got " + hours);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "--limit: must be from 1 to " + MAX_LIMIT + "; got " + limit);
    }
    print(jdbi, clock.instant(), Duration.ofMillis(Math.round(hours * 3_600_000d)), limit, out);
  }

  /** The listing: a header, one line per lead, and a summary. */
  static void print(Jdbi jdbi, Instant now, Duration within, int limit, PrintStream out) {
    List<DueLead> due = LeadOperations.due(jdbi, now, within, limit);
    long total = LeadOperations.countDue(jdbi, now, within);
    String format = "%-36s  %-9s  %-9s  %s%n";
    out.printf(format, "lead", "step", "channel", "due (UTC)");
    long overdue = 0;
    for (DueLead lead : due) {
      boolean late = lead.dueAt().isBefore(now);
      overdue += late ? 1 : 0;
      out.printf(
          format,
          lead.leadId(),
          lead.step() == FollowUpState.LONG_TERM ? "long-term" : Integer.toString(lead.step()),
          lead.channel() == null ? "-" : lead.channel(),
          lead.dueAt() + (late ? "  overdue" : ""));
    }
    out.println(
        total
            + " leads due before "
            + now.plus(within)
            + (due.size() < total ? "; the first " + due.size() + " shown (--limit)" : "")
            + (overdue > 0 ? "; " + overdue + " shown are overdue" : ""));
  }
}
