package io.followup.worker.inbound;

import io.followup.worker.provider.smtp.SmtpTls;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the reply mailbox is read ({@code IMAP_*}, issue 21).
 *
 * @param tls {@code starttls}, {@code tls} (IMAPS, usually 993) or {@code none}
 * @param password never logged: {@link #toString()} leaves it out
 * @param folder the folder read ({@code IMAP_FOLDER}, {@code INBOX} by default)
 * @param pollEvery between two reads ({@code IMAP_POLL_SECONDS})
 * @param timeout to connect, and each read and write
 */
public record ImapConfig(
    String host,
    int port,
    String username,
    String password,
    SmtpTls tls,
    String folder,
    Duration pollEvery,
    Duration timeout) {

  public ImapConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(pollEvery, "pollEvery");
    Objects.requireNonNull(timeout, "timeout");
    folder = folder == null || folder.isBlank() ? "INBOX" : folder.strip();
  }

  @Override
  public String toString() {
    return "imap " + host + ":" + port + " (" + tls.wireName() + ") folder " + folder;
  }
}
