package io.followup.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.followup.app.FollowUpConfiguration;
import io.followup.app.cli.EnvironmentSubstitutor;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped config.yml and embedded.yml read with the application's substitutor: whatever a
 * variable holds (quotes, backslashes, {@code #}, a leading YAML indicator, {@code yes}, unicode)
 * reaches the setting unchanged, and numbers, booleans and durations still parse.
 */
class ConfigSubstitutionTest {
  private static final String[] HOSTILE = {
    "s3cr\"et\\with \"quotes\" and \\backslashes\\",
    "@starts-with-at",
    "*starts-with-star",
    "!starts-with-bang",
    "&anchor",
    "%percent",
    "[bracket",
    "{brace",
    "has #hash and: colon",
    "yes",
    "on",
    "null",
    "~",
    "0x1F",
    "1e3",
    "'single' quoted",
    "- dash",
    "| pipe",
    "> folded",
    " leading and trailing spaces ",
    "ünïcødé ✓ 🔑 中文",
    "tab\there",
    "${NOT_EXPANDED}",
  };

  /** One factory for every load: a validator and a mapper cost more to make than a load. */
  private static final YamlConfigurationFactory<FollowUpConfiguration> FACTORY =
      new YamlConfigurationFactory<>(
          FollowUpConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

  private static FollowUpConfiguration load(String file, Map<String, String> env) throws Exception {
    return FACTORY.build(
        new SubstitutingSourceProvider(
            new ResourceConfigurationSourceProvider(), new EnvironmentSubstitutor(env::get)),
        file);
  }

  @ParameterizedTest
  @ValueSource(strings = {"config.yml", "embedded.yml"})
  void everyHostileValueReachesItsSettingUnchanged(String file) throws Exception {
    for (String value : HOSTILE) {
      Map<String, String> env = new HashMap<>();
      for (String name :
          new String[] {
            "WEBHOOK_SECRET",
            "SMTP_PASSWORD",
            "SMTP_USERNAME",
            "API_KEYS",
            "TWILIO_AUTH_TOKEN",
            "TWILIO_ACCOUNT_SID",
            "HELP_TEXT",
            "OPT_OUT_KEYWORDS",
            "OPT_OUT_PHRASES",
            "DATABASE_PASSWORD",
          }) {
        env.put(name, value);
      }
      // the settings are validated as they load: the secret has a least length
      String unsubscribeSecret = value.repeat(16);
      env.put("UNSUBSCRIBE_SECRET", unsubscribeSecret);
      FollowUpConfiguration config = load(file, env);
      assertThat(config.webhooks.secret).as(value).isEqualTo(value);
      assertThat(config.email.password).as(value).isEqualTo(value);
      assertThat(config.email.username).as(value).isEqualTo(value);
      assertThat(config.auth.apiKeys).as(value).isEqualTo(value);
      assertThat(config.providers.twilio.authToken).as(value).isEqualTo(value);
      assertThat(config.providers.twilio.accountSid).as(value).isEqualTo(value);
      assertThat(config.conversations.unsubscribeSecret).as(value).isEqualTo(unsubscribeSecret);
      assertThat(config.conversations.helpText).as(value).isEqualTo(value);
      assertThat(config.conversations.optOutKeywords).as(value).isEqualTo(value);
      assertThat(config.conversations.optOutPhrases).as(value).isEqualTo(value);
      if (file.equals("config.yml")) {
        assertThat(config.database.getPassword()).as(value).isEqualTo(value);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"config.yml", "embedded.yml"})
  void numbersBooleansAndDurationsStillParseAndDefaultsStillApply(String file) throws Exception {
    FollowUpConfiguration defaults = load(file, Map.of());
    assertThat(defaults.conversations.helpText).isEqualTo(ConversationSettings.DEFAULT_HELP_TEXT);
    assertThat(defaults.conversations.stopOnReply).isTrue();
    assertThat(defaults.webhooks.secret).isNullOrEmpty();
    assertThat(defaults.auth.apiKeys).isNullOrEmpty();
    assertThat(defaults.providers.twilio.fromNumber).isNullOrEmpty();

    FollowUpConfiguration set =
        load(
            file,
            Map.of(
                "MAX_BODY_BYTES", "2048",
                "STOP_ON_REPLY", "false",
                "REPLY_ATTRIBUTION_HOURS", "12.5",
                "TEMPORAL_UPDATE_TIMEOUT", "3s",
                "BENCH_ENDPOINTS", "true",
                "TWILIO_FROM_NUMBER", "+15005550006",
                "SENDING_WINDOW_START", "09:30",
                "WEBHOOK_URLS", "https://hooks.example.com/a?token=x#frag,http://b.example.com",
                "WEBHOOK_SECRET", "s3cret"));
    assertThat(set.api.maxBodyBytes).isEqualTo(2048);
    assertThat(set.conversations.stopOnReply).isFalse();
    assertThat(set.conversations.replyAttributionHours).isEqualTo(12.5);
    assertThat(set.temporal.updateTimeout.toSeconds()).isEqualTo(3);
    assertThat(set.api.benchEndpoints).isTrue();
    assertThat(set.providers.twilio.fromNumber).isEqualTo("+15005550006");
    assertThat(set.followUp.sendingWindowStart).isEqualTo("09:30");
    assertThat(set.webhooks.urls)
        .isEqualTo("https://hooks.example.com/a?token=x#frag,http://b.example.com");
  }
}
