package io.followup.app.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.ValidationMethod;
import io.followup.worker.provider.ChannelProvider;
import io.followup.worker.provider.LoggingProvider;
import io.followup.worker.provider.smtp.SmtpConfig;
import io.followup.worker.provider.smtp.SmtpProvider;
import io.followup.worker.provider.smtp.SmtpTls;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * The email channel's provider ({@code email:} in the YAML): {@code logging} (the default) or
 * {@code smtp}. Each rule's message names the variable of the bad value; with {@code smtp},
 * SMTP_HOST and EMAIL_FROM are required. The password is never logged.
 */
@HandChecked
public class SmtpSettings implements HandChecked.Settings {
  @NotNull(message = "EMAIL_PROVIDER: must be logging or smtp")
  @Pattern(
      regexp = "\\s*(logging|smtp)\\s*",
      message = "EMAIL_PROVIDER: must be logging or smtp; got ${validatedValue}")
  @JsonProperty
  public String provider = "logging";

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

  @ValidationMethod(message = "SMTP_HOST: is required with EMAIL_PROVIDER=smtp")
  @JsonIgnore
  public boolean isHostGiven() {
    return !smtp() || !blank(host);
  }

  @ValidationMethod(message = "SMTP_PORT: must be a port from 1 to 65535")
  @JsonIgnore
  public boolean isPortAPort() {
    if (!smtp()) {
      return true;
    }
    try {
      int value = Integer.parseInt(port == null ? "" : port.strip());
      return value >= 1 && value <= 65535;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  @ValidationMethod(message = "EMAIL_FROM: is required with EMAIL_PROVIDER=smtp")
  @JsonIgnore
  public boolean isFromGiven() {
    return !smtp() || !blank(from);
  }

  @ValidationMethod(message = "SMTP_PASSWORD: is required with SMTP_USERNAME")
  @JsonIgnore
  public boolean isPasswordGivenWithUsername() {
    return !smtp() || blank(username) || hasPassword();
  }

  @ValidationMethod(message = "SMTP_USERNAME: is required with SMTP_PASSWORD")
  @JsonIgnore
  public boolean isUsernameGivenWithPassword() {
    return !smtp() || !hasPassword() || !blank(username);
  }

  /** SMTP_TLS and EMAIL_FROM, by the SMTP provider's own parsers and their messages. */
  @Override
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (!smtp()) {
      return problems;
    }
    try {
      SmtpTls.parse(tls);
    } catch (IllegalArgumentException e) {
      problems.add("SMTP_TLS: " + e.getMessage());
    }
    if (!blank(from)) {
      SmtpConfig.senderProblem(from).ifPresent(p -> problems.add("EMAIL_FROM: " + p));
    }
    return problems;
  }

  private boolean hasPassword() {
    return password != null && !password.isEmpty();
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /**
   * What the start-up log says of the email channel: the relay, its TLS mode and whether it
   * authenticates, never the username or the sender address (INFO carries no address, SPEC).
   */
  public String describe() {
    if (!smtp()) {
      return "logging";
    }
    return "smtp "
        + host.strip()
        + ":"
        + port.strip()
        + " tls="
        + SmtpTls.parse(tls).wireName()
        + (username == null || username.isBlank() ? " without auth" : " with auth");
  }

  /** The email provider; call on valid settings. */
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
