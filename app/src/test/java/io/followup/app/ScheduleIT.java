package io.followup.app;

import static io.followup.app.support.Http.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.app.support.Http;
import io.followup.app.support.Http.Reply;
import io.followup.store.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /v1/leads/{id}/schedule} through HTTP, on the wall clock: leads whose steps come due
 * hours from now (the workers run, nothing here comes due during the test), with the SPEC window
 * 08:00-21:00, a holiday five days ahead and the built-in regional rules.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ScheduleIT {
  private static final String DB = TestDatabases.create();
  private static final AtomicInteger PHONES = new AtomicInteger(1000);
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final LocalDate HOLIDAY = LocalDate.now(ZoneOffset.UTC).plusDays(5);

  static final DropwizardAppExtension<FollowUpConfiguration> APP =
      new DropwizardAppExtension<>(
          FollowUpApplication.class,
          ResourceHelpers.resourceFilePath("test-app.yml"),
          ConfigOverride.config("database.url", TestDatabases.url(DB)),
          ConfigOverride.config("followUp.sendingWindowStart", "08:00"),
          ConfigOverride.config("followUp.sendingWindowEnd", "21:00"),
          ConfigOverride.config("followUp.holidays", HOLIDAY.toString()));

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  private Http http() {
    return new Http(APP.getLocalPort());
  }

  private String create(String phone, String extra) {
    Reply reply = http().post("/v1/leads/create", lead(phone, extra));
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return reply.body().get("id").asText();
  }

  private JsonNode schedule(String id, String query) {
    Reply reply = http().get("/v1/leads/" + id + "/schedule" + query);
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    return reply.body();
  }

  /** Hours from now to {@code at}, as a step's decimal hours. */
  private static String hoursUntil(Instant at) {
    return Double.toString(Duration.between(Instant.now(), at).toMillis() / 3_600_000d);
  }

  /** The next {@code time} in {@code zone} at least two hours from now. */
  private static ZonedDateTime next(LocalTime time, ZoneId zone) {
    ZonedDateTime at = ZonedDateTime.now(zone).with(time);
    while (at.isBefore(ZonedDateTime.now(zone).plusHours(2))) {
      at = at.plusDays(1);
    }
    return at;
  }

  private static ZonedDateTime local(JsonNode item) {
    return OffsetDateTime.parse(item.get("sendAtLocal").asText()).toZonedDateTime();
  }

  @Test
  void aNightTimeStepGoesAtEightLocalMovedByTheWindow() {
    ZonedDateTime night = next(LocalTime.of(2, 0), ZoneOffset.UTC);
    String id =
        create(
            "+1 (555) 020-" + PHONES.incrementAndGet(),
            "\"timezone\":\"UTC\",\"followUpConfig\":{\"1\":{\"hours\":"
                + hoursUntil(night.toInstant())
                + ",\"channel\":\"text\"},\"2\":{\"hours\":2,\"channel\":\"call\"}}");

    JsonNode body = schedule(id, "");

    assertThat(body.get("leadId").asText()).isEqualTo(id);
    assertThat(body.get("followUpStatus").asText()).isEqualTo("SCHEDULED");
    JsonNode first = body.get("items").get(0);
    assertThat(first.get("followUpStep").asInt()).isEqualTo(1);
    assertThat(first.get("channel").asText()).isEqualTo("text");
    assertThat(Duration.between(night.toInstant(), Instant.parse(first.get("dueAt").asText())))
        .isLessThan(Duration.ofMinutes(1));
    Instant eight = night.with(LocalTime.of(8, 0)).toInstant();
    assertThat(first.get("sendAt").asText()).isEqualTo(eight.toString());
    assertThat(first.get("sendAtLocal").asText()).isEqualTo(night.toLocalDate() + "T08:00:00Z");
    assertThat(first.get("timezone").asText()).isEqualTo("UTC");
    assertThat(first.get("movedBy").asText()).isEqualTo("SENDING_WINDOW");
    // the next step counts its hours from the real send
    JsonNode second = body.get("items").get(1);
    assertThat(second.get("dueAt").asText()).isEqualTo(eight.plus(Duration.ofHours(2)).toString());
    assertThat(second.get("movedBy").isNull()).isTrue();
    // then the nurture touches, up to the default limit of 10
    assertThat(body.get("items")).hasSize(10);
    assertThat(body.get("items").get(2).get("followUpStep").asInt()).isEqualTo(-2);
    assertThat(body.get("afterLastStep").asText()).isEqualTo("LONG_TERM");
    assertThat(body.get("nurtureIntervalHours").asInt()).isEqualTo(720);
    assertThat(body.get("truncated").asBoolean()).isTrue();
    assertThat(body.get("zones").get(0).asText()).isEqualTo("UTC");
    assertThat(body.get("recentSends").asInt()).isZero();
  }

  @Test
  void aFloridaNumberKeepsTheStateWindowAndItsFourthTextWaitsForTheCap() {
    // 20:30 in Florida: open for the organisation (until 21:00), not for Florida (until 20:00)
    ZonedDateTime evening = next(LocalTime.of(20, 30), NEW_YORK);
    String id =
        create(
            "+1 (305) 555-" + PHONES.incrementAndGet(),
            "\"followUpConfig\":{\"1\":{\"hours\":"
                + hoursUntil(evening.toInstant())
                + ",\"channel\":\"text\"},\"2\":{\"hours\":1,\"channel\":\"text\"},"
                + "\"3\":{\"hours\":1,\"channel\":\"text\"},\"4\":{\"hours\":1,\"channel\":\"text\"}}");

    JsonNode body = schedule(id, "?limit=4");

    assertThat(body.get("zones").get(0).asText()).isEqualTo("America/New_York");
    JsonNode items = body.get("items");
    assertThat(items).hasSize(4);
    ZonedDateTime morning = evening.plusDays(1).with(LocalTime.of(8, 0));
    assertThat(local(items.get(0))).isEqualTo(morning);
    assertThat(items.get(0).get("timezone").asText()).isEqualTo("America/New_York");
    assertThat(items.get(0).get("movedBy").asText()).isEqualTo("REGIONAL_WINDOW:US-FL");
    assertThat(local(items.get(1))).isEqualTo(morning.plusHours(1));
    assertThat(local(items.get(2))).isEqualTo(morning.plusHours(2));
    assertThat(items.get(1).get("movedBy").isNull()).isTrue();
    assertThat(items.get(2).get("movedBy").isNull()).isTrue();
    // the 4th text in 24 hours waits until the first is a day old
    assertThat(Instant.parse(items.get(3).get("sendAt").asText()))
        .isEqualTo(morning.toInstant().plus(io.followup.workflows.schedule.SendRules.CAP_PERIOD));
    assertThat(items.get(3).get("movedBy").asText()).isEqualTo("REGIONAL_CAP:US-FL");
    assertThat(body.get("truncated").asBoolean()).isTrue();
  }

  /**
   * A Florida number, a Texan lead: its {@code state} decides its region; a Sunday 10:00 text waits
   * for Texas's Sunday noon (SB 140). Cleared, the area code decides again.
   */
  @Test
  void theLeadsStateDecidesItsRegionBeforeItsAreaCode() {
    ZoneId chicago = ZoneId.of("America/Chicago");
    ZonedDateTime sunday = next(LocalTime.of(10, 0), chicago);
    while (sunday.getDayOfWeek() != java.time.DayOfWeek.SUNDAY) {
      sunday = sunday.plusDays(1);
    }
    String id =
        create(
            "+1 (305) 555-" + PHONES.incrementAndGet(),
            "\"state\":\"tx\",\"timezone\":\"America/Chicago\",\"followUpConfig\":{\"1\":"
                + "{\"hours\":"
                + hoursUntil(sunday.toInstant())
                + ",\"channel\":\"text\"}}");

    Reply shown = http().get("/v1/leads/" + id);
    assertThat(shown.body().get("state").asText()).isEqualTo("TX");
    JsonNode body = schedule(id, "?limit=1");
    assertThat(body.get("state").asText()).isEqualTo("TX");
    assertThat(body.get("regions")).extracting(JsonNode::asText).containsExactly("US-TX");
    JsonNode item = body.get("items").get(0);
    assertThat(local(item)).isEqualTo(sunday.with(LocalTime.NOON));
    assertThat(item.get("movedBy").asText()).isEqualTo("REGIONAL_WINDOW:US-TX");

    // not a state: 400 naming the field, nothing changed
    Reply bad = http().patch("/v1/leads/" + id, "{\"state\":\"Texas\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().toString()).contains("state");
    assertThat(http().get("/v1/leads/" + id).body().get("state").asText()).isEqualTo("TX");

    // a state with no rules of its own: no region, whatever the area code says
    assertThat(http().patch("/v1/leads/" + id, "{\"state\":\"NY\"}").status()).isEqualTo(200);
    assertThat(schedule(id, "?limit=1").get("regions")).isEmpty();

    // cleared: the Florida area code decides again
    assertThat(http().patch("/v1/leads/" + id, "{\"state\":null}").status()).isEqualTo(200);
    assertThat(http().get("/v1/leads/" + id).body().get("state").isNull()).isTrue();
    assertThat(schedule(id, "?limit=1").get("regions"))
        .extracting(JsonNode::asText)
        .containsExactly("US-FL");
  }

  @Test
  void aStepOnAHolidayGoesTheNextDay() {
    Instant noon = HOLIDAY.atTime(12, 0).toInstant(ZoneOffset.UTC);
    String id =
        create(
            "+1 (555) 020-" + PHONES.incrementAndGet(),
            "\"timezone\":\"UTC\",\"followUpConfig\":{\"1\":{\"hours\":"
                + hoursUntil(noon)
                + ",\"channel\":\"call\"}}");

    JsonNode item = schedule(id, "?limit=1").get("items").get(0);

    assertThat(item.get("sendAt").asText())
        .isEqualTo(HOLIDAY.plusDays(1).atTime(8, 0).toInstant(ZoneOffset.UTC).toString());
    assertThat(item.get("movedBy").asText()).isEqualTo("HOLIDAY");
  }

  @Test
  void aStoppedLeadHasNoUpcomingFollowUps() {
    String id =
        create(
            "+1 (555) 020-" + PHONES.incrementAndGet(),
            "\"followUpConfig\":{\"1\":{\"hours\":5,\"channel\":\"text\"}}");
    assertThat(http().patch("/v1/leads/" + id, "{\"followUpStep\":-1}").status()).isEqualTo(200);

    JsonNode body = schedule(id, "");

    assertThat(body.get("followUpStatus").asText()).isEqualTo("STOPPED");
    assertThat(body.get("items")).isEmpty();
    assertThat(body.get("afterLastStep").isNull()).isTrue();
  }

  @Test
  void aLongTermLeadShowsItsNextNurtureTouches() {
    String id = create("+1 (555) 020-" + PHONES.incrementAndGet(), "\"timezone\":\"UTC\"");
    assertThat(http().patch("/v1/leads/" + id, "{\"followUpStep\":-2}").status()).isEqualTo(200);

    JsonNode body = schedule(id, "?limit=2");

    assertThat(body.get("followUpStatus").asText()).isEqualTo("LONG_TERM");
    JsonNode items = body.get("items");
    assertThat(items).hasSize(2);
    Instant first = Instant.parse(items.get(0).get("sendAt").asText());
    Instant second = Instant.parse(items.get(1).get("dueAt").asText());
    assertThat(Duration.between(first, second)).isEqualTo(Duration.ofHours(720));
    assertThat(body.get("truncated").asBoolean()).isTrue();
  }

  @Test
  void anUnknownLeadIs404AndBadLimitsAre400() {
    Reply unknown = http().get("/v1/leads/no-such-lead/schedule");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.message()).isEqualTo("lead no-such-lead not found");

    String id = create("+1 (555) 020-" + PHONES.incrementAndGet(), null);
    for (String limit : new String[] {"0", "101", "ten"}) {
      Reply bad = http().get("/v1/leads/" + id + "/schedule?limit=" + limit);
      assertThat(bad.status()).as(limit).isEqualTo(400);
      assertThat(bad.message()).startsWith("limit: ");
    }
    assertThat(schedule(id, "?limit=100").get("items")).isEmpty();
  }

  @Test
  void withoutAKeyIs403() {
    String id = create("+1 (555) 020-" + PHONES.incrementAndGet(), null);

    Reply reply = new Http(APP.getLocalPort(), null).get("/v1/leads/" + id + "/schedule");

    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.message()).isEqualTo("Missing API key: send it in the x-api-key header.");
  }
}
