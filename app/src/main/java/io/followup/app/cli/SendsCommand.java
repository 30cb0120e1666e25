package io.followup.app.cli;

import io.followup.app.FollowUpConfiguration;
import io.followup.app.config.TemporalFactory;
import io.followup.domain.sends.SendPause;
import io.followup.store.sends.JdbiSendSwitch;
import io.followup.workflows.model.Channel;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code sends [--pause CHANNELS [--reason TEXT] | --resume CHANNELS] [config.yml]}: the send
 * switch, as {@code POST /v1/admin/sends/pause} and {@code .../resume} set it (stored; every worker
 * reads it at the next due send); without an option, prints the switch. Needs the store alone.
 */
public final class SendsCommand extends OperatorCommand {
  private static final List<Channel> SWITCHED = List.of(Channel.TEXT, Channel.CALL, Channel.EMAIL);

  private final Clock clock;

  public SendsCommand() {
    this(Clock.systemUTC());
  }

  SendsCommand(Clock clock) {
    super(
        "sends", "Pauses or resumes due sends on channels (the send switch), or prints it", false);
    this.clock = clock;
  }

  @Override
  public void configure(Subparser subparser) {
    super.configure(subparser);
    var action = subparser.addMutuallyExclusiveGroup();
    action.addArgument("--pause").help("channels to pause, comma-separated: text,call,email");
    action.addArgument("--resume").help("channels to resume, comma-separated: text,call,email");
    subparser.addArgument("--reason").help("why (kept with a pause, shown by GET /v1/admin/sends)");
  }

  @Override
  void run(
      FollowUpConfiguration configuration,
      Namespace namespace,
      Jdbi jdbi,
      TemporalFactory.Connection temporal,
      PrintStream out) {
    String pause = namespace.getString("pause");
    String resume = namespace.getString("resume");
    String reason = namespace.getString("reason");
    JdbiSendSwitch sendSwitch = new JdbiSendSwitch(jdbi);
    if (reason != null && pause == null) {
      throw new IllegalArgumentException("--reason: goes with --pause");
    }
    if (reason != null && reason.codePointCount(0, reason.length()) > 500) {
      throw new IllegalArgumentException("--reason: must be at most 500 characters");
    }
    if (pause != null) {
      Set<Channel> channels = channels("--pause", pause);
      sendSwitch.set(channels, true, reason, JdbiSendSwitch.BY_OPERATOR, clock.instant());
      out.println("sends: paused " + names(channels));
    } else if (resume != null) {
      Set<Channel> channels = channels("--resume", resume);
      sendSwitch.set(channels, false, null, JdbiSendSwitch.BY_OPERATOR, clock.instant());
      out.println(
          "sends: resumed "
              + names(channels)
              + " (held sends go at their next check, within RESUME_SPREAD_MINUTES: "
              + configuration.sends.resumeSpreadMinutes
              + ")");
    }
    print(sendSwitch.all(), out);
  }

  private static void print(List<SendPause> rows, PrintStream out) {
    String format = "%-8s  %-8s  %-24s  %-8s  %s%n";
    out.printf(format, "channel", "state", "since (UTC)", "by", "reason");
    for (Channel channel : SWITCHED) {
      SendPause row = rows.stream().filter(r -> r.channel() == channel).findFirst().orElse(null);
      out.printf(
          format,
          channel.wireName(),
          row != null && row.paused() ? "PAUSED" : "sending",
          row == null ? "-" : row.since().toString(),
          row == null ? "-" : row.by(),
          row == null || row.reason() == null ? "" : row.reason());
    }
  }

  private static Set<Channel> channels(String option, String value) {
    Set<Channel> channels = new LinkedHashSet<>();
    for (String name : value.split(",")) {
      Channel channel =
          SWITCHED.stream()
              .filter(c -> c.wireName().equals(name.strip()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          option + ": each channel must be one of text, call, email"));
      channels.add(channel);
    }
    return channels;
  }

  private static List<String> names(Set<Channel> channels) {
    return channels.stream().map(Channel::wireName).toList();
  }
}
