package io.followup.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.followup.worker.provider.ChannelProvider;
import io.followup.worker.provider.LoggingProvider;
import io.followup.worker.provider.smtp.SmtpConfig;
import io.followup.worker.provider.smtp.SmtpProvider;
import io.followup.worker.provider.smtp.SmtpTls;
import java.util.ArrayList;
import java.util.List;

/**
 * The email channel's provider ({@code email:} in the YAML): {@code logging} (the default) or
 * {@code smtp}. {@link #problems()} names the variable of each bad value; with {@code smtp},
 * SMTP_HOST and EMAIL_FROM are required. The password is never logged.
 */
public class SmtpSettings {
  @JsonProperty public String provider = "logging";
  @JsonProperty public String host = "";

  /** Text, so that a bad value is reported with its variable's name. */
  @JsonProperty public String port = "587";

  @JsonProperty public String username = "";
  @JsonProperty public String password = "";
  @JsonProperty public String tls = "starttls";
  @JsonProperty public String from = "";

  /** To open a connection; then each read and write (the send activity's own timeout is 30 s). */
  @JsonProperty public Duration connectTimeout = Duration.seconds(10);

  @JsonProperty public Duration timeout = Duration.seconds(15);

  public boolean smtp() {
    return "smtp".equals(provider == null ? "" : provider.strip());
  }

  /** Every rule these settings break, each as {@code VARIABLE: rule}. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    String chosen = provider == null ? "" : provider.strip();
    if (!chosen.equals("logging") && !chosen.equals("smtp")) {
      problems.add("EMAIL_PROVIDER: must be logging or smtp; got " + provider);
    }
    if (!smtp()) {
      return problems;
    }
    if (host == null || host.isBlank()) {
      problems.add("SMTP_HOST: is required with EMAIL_PROVIDER=smtp");
    }
    try {
      int value = Integer.parseInt(port == null ? "" : port.strip());
      if (value < 1 || value > 65535) {
        problems.add("SMTP_PORT: must be a port from 1 to 65535; got " + port);
      }
    } catch (NumberFormatException e) {
      problems.add("SMTP_PORT: must be a port from 1 to 65535; got " + port);
    }
    try {
      SmtpTls.parse(tls);
    } catch (IllegalArgumentException e) {
      problems.add("SMTP_TLS: " + e.getMessage());
    }
    if (from == null || from.isBlank()) {
      problems.add("EMAIL_FROM: is required with EMAIL_PROVIDER=smtp");
    } else {
      SmtpConfig.senderProblem(from).ifPresent(p -> problems.add("EMAIL_FROM: " + p));
    }
    boolean user = username != null && !username.isBlank();
    boolean secret = password != null && !password.isEmpty();
    if (user != secret) {
      problems.add(
          user
              ? "SMTP_PASSWORD: is required with SMTP_USERNAME"
              : "SMTP_USERNAME: is required with SMTP_PASSWORD");
    }
    return problems;
  }

  /** The email provider; call after {@link #problems()} came back empty. */
  public ChannelProvider build() {
    if (!smtp()) {
      return new LoggingProvider();
    }
    return new SmtpProvider(
        new SmtpConfig(
            host.strip(),
            Integer.parseInt(port.strip()),
            username == null || username.isBlank() ? null : username.strip(),
            password,
            SmtpTls.parse(tls),
            from.strip(),
            java.time.Duration.ofMillis(connectTimeout.toMilliseconds()),
            java.time.Duration.ofMillis(timeout.toMilliseconds())));
  }
}
