package io.followup.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.followup.worker.inbound.ImapConfig;
import io.followup.worker.provider.smtp.SmtpConfig;
import io.followup.worker.provider.smtp.SmtpTls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply mailbox ({@code imap:} in the YAML, issue 21): {@code IMAP_REPLY_ADDRESS} makes every
 * follow-up email carry the lead's reply address (read by the email workers); {@code IMAP_HOST}
 * makes the API process read the mailbox ({@code IMAP_PORT}, {@code IMAP_USERNAME}, {@code
 * IMAP_PASSWORD}, {@code IMAP_TLS}, {@code IMAP_FOLDER}, {@code IMAP_POLL_SECONDS}). Each rule's
 * message names the variable of the bad value; the password is never logged.
 */
@HandChecked
public class ImapSettings implements HandChecked.Settings {
  @JsonProperty public String replyAddress = "";
  @JsonProperty public String host = "";

  /** Text, so that a bad value is reported with its variable's name. */
  @JsonProperty public String port = "993";

  @JsonProperty public String username = "";
  @JsonProperty public String password = "";
  @JsonProperty public String tls = "tls";
  @JsonProperty public String folder = "INBOX";
  @JsonProperty public String pollSeconds = "30";

  /** Whether the API reads a mailbox. */
  public boolean reads() {
    return !blank(host);
  }

  /** Whether follow-up emails carry a reply address. */
  public boolean hasReplyAddress() {
    return !blank(replyAddress);
  }

  @Override
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (hasReplyAddress()) {
      if (SmtpConfig.senderProblem(replyAddress).isPresent()) {
        problems.add("IMAP_REPLY_ADDRESS: must be an email address");
      } else if (replyAddress.contains("<")) {
        problems.add("IMAP_REPLY_ADDRESS: must be a bare address (replies@example.com)");
      }
    }
    if (!reads()) {
      return problems;
    }
    if (blank(username)) {
      problems.add("IMAP_USERNAME: is required with IMAP_HOST");
    }
    if (!inRange(port, 1, 65535)) {
      problems.add("IMAP_PORT: must be a port from 1 to 65535");
    }
    if (!inRange(pollSeconds, 1, 86400)) {
      problems.add("IMAP_POLL_SECONDS: must be a whole number of seconds from 1 to 86400");
    }
    try {
      SmtpTls.parse(tls);
    } catch (IllegalArgumentException e) {
      problems.add("IMAP_TLS: " + e.getMessage());
    }
    return problems;
  }

  private static boolean inRange(String value, int min, int max) {
    try {
      int v = Integer.parseInt(value == null ? "" : value.strip());
      return v >= min && v <= max;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /** The reader's settings; call on valid settings with {@link #reads()}. */
  public ImapConfig config() {
    return new ImapConfig(
        host.strip(),
        Integer.parseInt(port.strip()),
        username.strip(),
        password,
        SmtpTls.parse(tls),
        folder,
        Duration.ofSeconds(Integer.parseInt(pollSeconds.strip())),
        Duration.ofSeconds(30));
  }
}
