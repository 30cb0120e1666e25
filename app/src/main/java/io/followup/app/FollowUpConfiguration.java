package io.followup.app;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.validation.ValidationMethod;
import io.followup.app.config.ConversationSettings;
import io.followup.app.config.FollowUpSettings;
import io.followup.app.config.ProviderSettings;
import io.followup.app.config.SendSettings;
import io.followup.app.config.SmtpSettings;
import io.followup.app.config.TemplateSettings;
import io.followup.app.config.TemporalFactory;
import io.followup.app.config.WebhookSettings;
import io.followup.app.metrics.MetricsSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Arrays;
import java.util.List;

/**
 * The settings, bound from YAML with {@code ${VARIABLE:-default}}. Dropwizard validates them before
 * any command runs (and the jar's {@code check} alone): a bad value is a violation whose message
 * starts with its environment variable, by a constraint annotation where one states the rule, else
 * by a block's {@link io.followup.app.config.HandChecked} rules.
 */
public class FollowUpConfiguration extends Configuration {
  @Valid @NotNull @JsonProperty public DataSourceFactory database = new DataSourceFactory();
  @Valid @NotNull @JsonProperty public TemporalFactory temporal = new TemporalFactory();
  @Valid @NotNull @JsonProperty public Auth auth = new Auth();
  @Valid @NotNull @JsonProperty public Api api = new Api();
  @Valid @NotNull @JsonProperty public Worker worker = new Worker();
  @Valid @NotNull @JsonProperty public FollowUpSettings followUp = new FollowUpSettings();
  @Valid @NotNull @JsonProperty public Embedded embedded = new Embedded();
  @Valid @NotNull @JsonProperty public ProviderSettings providers = new ProviderSettings();
  @Valid @NotNull @JsonProperty public MetricsSettings prometheus = new MetricsSettings();
  @Valid @NotNull @JsonProperty public SmtpSettings email = new SmtpSettings();

  /** The reply mailbox (issue 21): reply addresses and the IMAP reader. */
  @Valid @NotNull @JsonProperty
  public io.followup.app.config.ImapSettings imap = new io.followup.app.config.ImapSettings();

  @Valid @NotNull @JsonProperty public TemplateSettings templates = new TemplateSettings();
  @Valid @NotNull @JsonProperty public WebhookSettings webhooks = new WebhookSettings();
  @Valid @NotNull @JsonProperty public SendSettings sends = new SendSettings();

  @Valid @NotNull @JsonProperty
  public io.followup.app.config.ComplianceCheckSettings complianceCheck =
      new io.followup.app.config.ComplianceCheckSettings();

  /** The middleware's requests are signed: a URL without a secret would send them unsigned. */
  @io.dropwizard.validation.ValidationMethod(
      message = "WEBHOOK_SECRET: is required with COMPLIANCE_CHECK_URL (it signs the requests)")
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isComplianceCheckSigned() {
    return complianceCheck.url == null
        || complianceCheck.url.isBlank()
        || (webhooks.secret != null && !webhooks.secret.isEmpty());
  }

  @Valid @NotNull @JsonProperty
  public ConversationSettings conversations = new ConversationSettings();

  public static class Auth {
    /** Comma-separated; several keys are valid at once, for rotation. */
    @JsonProperty public String apiKeys = "";

    /** Comma-separated keys that may also call {@code /v1/admin/...} (ADMIN_API_KEYS). */
    @JsonProperty public String adminApiKeys = "";

    public List<String> keys() {
      return split(apiKeys);
    }

    public List<String> adminKeys() {
      return split(adminApiKeys);
    }

    private static List<String> split(String keys) {
      return Arrays.stream(keys == null ? new String[0] : keys.split(","))
          .map(String::strip)
          .filter(k -> !k.isEmpty())
          .toList();
    }
  }

  public static class Api {
    /** False for a worker-only process. */
    @JsonProperty public boolean enabled = true;

    @JsonProperty public long maxBodyBytes = 1024 * 1024;

    /** Requests a second per API key on this node (RATE_LIMIT_PER_SECOND); 0 for no limit. */
    @Min(
        value = 0,
        message = "RATE_LIMIT_PER_SECOND: must be 0 (no limit) or more; got ${validatedValue}")
    @JsonProperty
    public long rateLimitPerSecond = 50;

    /** Requests a key may send at once (RATE_LIMIT_BURST); the bucket's size. */
    @JsonProperty public long rateLimitBurst = 500;

    /**
     * BENCH_ENDPOINTS: the benchmark's bounds (a bare authenticated route, admin tasks timing a
     * locked row update and a Workflow Update in this process); off unless a benchmark asks.
     */
    @JsonProperty public boolean benchEndpoints = false;

    @ValidationMethod(message = "RATE_LIMIT_BURST: must be 1 or more")
    @JsonIgnore
    public boolean isBurstAtLeastOne() {
      return rateLimitPerSecond <= 0 || rateLimitBurst >= 1;
    }
  }

  public static class Worker {
    /** Roles this process serves: any of workflows,text,call,email; empty for none. */
    @JsonProperty public String roles = "";

    /** Per channel queue served here; 0 for no limit. */
    @JsonProperty public double maxActivitiesPerSecond = 0;
  }

  public static class Embedded {
    /** The one-command local run: data directory, generated key, workflows re-created on start. */
    @JsonProperty public boolean enabled = false;

    @JsonProperty public String dataDir = "./data";

    /**
     * The stored leads the embedded run is made for (docs/SCALING.md): past it the start warns and
     * points to the compose stack. Nothing is refused.
     */
    @Min(1)
    @JsonProperty
    public long maxLeads = 10_000;
  }
}
