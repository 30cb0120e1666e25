package io.followup.worker.provider.smtp;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how {@link SmtpProvider} sends.
 *
 * @param username null (or blank) for a relay without authentication; the password is then ignored
 * @param password never logged: {@link #toString()} leaves it out
 * @param from the sender address ({@code EMAIL_FROM}), optionally with a name: {@code Sales
 *     <sales@example.com>}; its domain ends every Message-ID
 * @param connectTimeout to open the connection
 * @param timeout each read and write on it
 */
public record SmtpConfig(
    String host,
    int port,
    String username,
    String password,
    SmtpTls tls,
    String from,
    Duration connectTimeout,
    Duration timeout) {

  public SmtpConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(timeout, "timeout");
    username = username == null || username.isBlank() ? null : username;
    // with a password and no user, Jakarta Mail logs in as the JVM's user.name
    password = username == null ? null : password;
  }

  /** Why {@code from} cannot be a sender address; empty when it can. */
  public static Optional<String> senderProblem(String from) {
    try {
      new InternetAddress(from == null ? "" : from.strip(), true);
      return Optional.empty();
    } catch (AddressException e) {
      return Optional.of("must be an email address (Name <address> allowed); got " + from);
    }
  }

  @Override
  public String toString() {
    return "smtp "
        + host
        + ":"
        + port
        + " tls="
        + tls.wireName()
        + (username == null ? " without auth" : " as " + username)
        + " from "
        + from;
  }
}
