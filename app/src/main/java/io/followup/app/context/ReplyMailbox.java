package io.followup.app.context;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.followup.api.core.Conversations;
import io.followup.api.core.FollowUpGateway;
import io.followup.api.core.InboundEmails;
import io.followup.app.FollowUpConfiguration;
import io.followup.worker.inbound.ImapReader;
import io.micrometer.core.instrument.FunctionCounter;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reply mailbox's reader (issue 21), in the API process: the handler that records what the
 * mailbox holds ({@link InboundEmails}) lives there beside the inbound texts, and the API is the
 * process every deployment runs. Started only with {@code IMAP_HOST}; stopped with the process (an
 * IDLE ends at once, a read under way finishes: an email is marked only after it was recorded).
 */
final class ReplyMailbox {
  private static final Logger log = LoggerFactory.getLogger(ReplyMailbox.class);

  /** Emails read from the reply mailbox, by {@code outcome}. */
  static final String METRIC = "followup.inbound.emails";

  private ReplyMailbox() {}

  /** The reader, started with the process; null without {@code IMAP_HOST}. */
  static ImapReader start(
      FollowUpConfiguration config,
      Environment environment,
      Infrastructure shared,
      FollowUpGateway gateway,
      Conversations conversations) {
    if (!config.imap.reads()) {
      return null;
    }
    if (!config.imap.hasReplyAddress()) {
      log.warn(
          "IMAP_HOST is set but IMAP_REPLY_ADDRESS is not: replies are matched by In-Reply-To"
              + " alone (set it so that the email workers give each lead its reply address)");
    }
    InboundEmails handler =
        new InboundEmails(
            shared.jdbi(),
            gateway,
            shared.webhooks(),
            shared.json(),
            shared.clock(),
            conversations,
            shared.unsubscribeTokens().replyTokens());
    ImapReader reader = new ImapReader(config.imap.config(), handler);
    // followup_inbound_emails_total{outcome}: no address or id in a label
    for (var outcome :
        java.util.Map.<String, java.util.function.ToDoubleFunction<ImapReader>>of(
                "handled", r -> r.handled(),
                "unmatched", r -> r.unmatched(),
                "unreadable", r -> r.unreadable())
            .entrySet()) {
      FunctionCounter.builder(METRIC, reader, outcome.getValue())
          .description("emails read from the reply mailbox, by what became of them")
          .tag("outcome", outcome.getKey())
          .register(shared.metrics().registry());
    }
    // two threads: one reads (and idles), the other ends each IDLE at the poll interval
    ScheduledExecutorService executor =
        environment.lifecycle().scheduledExecutorService("reply-mailbox-%d").threads(2).build();
    // managed after the executor, so stopped before it: an IDLE ends, a read under way finishes
    environment
        .lifecycle()
        .manage(
            new Managed() {
              @Override
              public void start() {
                reader.start(executor);
              }

              @Override
              public void stop() {
                reader.stop();
              }
            });
    return reader;
  }
}
