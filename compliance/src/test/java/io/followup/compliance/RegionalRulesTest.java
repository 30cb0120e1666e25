package io.followup.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.followup.workflows.schedule.RegionalRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegionalRulesTest {
  private static final RegionalRules BUILT_IN = RegionalRules.builtIn();

  @Test
  void theBuiltInRulesHoldFloridaOklahomaAndMarylandToEightPmAndThreeADay() {
    for (String phone : new String[] {"+13055550123", "+14055550123", "+14105550123"}) {
      assertThat(BUILT_IN.forPhone(phone))
          .get()
          .satisfies(
              rule -> {
                assertThat(rule.windowStart()).isEqualTo(LocalTime.of(8, 0));
                assertThat(rule.windowEnd()).isEqualTo(LocalTime.of(20, 0));
                assertThat(rule.maxAttemptsPer24Hours()).isEqualTo(3);
              });
    }
    assertThat(BUILT_IN.forPhone("+13055550123").map(RegionalRule::region)).hasValue("US-FL");
    assertThat(BUILT_IN.forPhone("+15395550123").map(RegionalRule::region)).hasValue("US-OK");
    assertThat(BUILT_IN.forPhone("+16675550123").map(RegionalRule::region)).hasValue("US-MD");
  }

  @Test
  void otherNumbersHaveNoRegionalRule() {
    assertThat(BUILT_IN.forPhone("+12125550123")).isEmpty(); // New York
    assertThat(BUILT_IN.forPhone("+4930123456")).isEmpty(); // Berlin, not +1
    assertThat(BUILT_IN.forPhone(null)).isEmpty();
    assertThat(BUILT_IN.forPhone("not a phone")).isEmpty();
  }

  @Test
  void everyBuiltInRegionCitesItsStatute() throws IOException {
    String text;
    try (var in = RegionalRules.class.getResourceAsStream(RegionalRules.BUILT_IN)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(text).contains("501.616(6)", "501.059", "775C.4", "14-4502");
    var file = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    List<String> regions = new java.util.ArrayList<>();
    for (var region : file.get("regions")) {
      regions.add(region.get("region").asText());
      assertThat(region.get("citations")).as(region.toString()).isNotEmpty();
      assertThat(region.has("verified")).as(region.get("region").asText()).isTrue();
    }
    assertThat(regions)
        .containsExactly(
            "US-FL", "US-OK", "US-MD", "US-TX", "US-AL", "US-LA", "US-KY", "US-MA", "US-CT",
            "US-VA", "US-WA", "US-MS", "US-RI", "US-UT", "US-PA");
    assertThat(text).contains("301.051", "SB 140", "367.46955", "80.36.390", "42-288a");
  }

  @Test
  void daysAndHolidaysOfTheBuiltInStates() {
    RegionalRule texas = BUILT_IN.forPhone("+17135550123").orElseThrow();
    assertThat(texas.hoursOn(LocalDate.parse("2026-12-06"))) // a Sunday
        .isEqualTo(new RegionalRule.Hours(LocalTime.NOON, LocalTime.of(21, 0)));
    assertThat(texas.hoursOn(LocalDate.parse("2026-12-07")))
        .isEqualTo(new RegionalRule.Hours(LocalTime.of(9, 0), LocalTime.of(21, 0)));
    RegionalRule alabama = BUILT_IN.forPhone("+12055550123").orElseThrow();
    assertThat(alabama.closedBecause(LocalDate.parse("2026-12-06"))).isEqualTo("REGIONAL_DAY");
    assertThat(alabama.closedBecause(LocalDate.parse("2026-12-25"))).isEqualTo("REGIONAL_HOLIDAY");
    assertThat(alabama.closedBecause(LocalDate.parse("2026-04-27"))) // Confederate Memorial Day
        .isEqualTo("REGIONAL_HOLIDAY");
    assertThat(alabama.closedBecause(LocalDate.parse("2026-12-07"))).isNull();
    RegionalRule rhodeIsland = BUILT_IN.forPhone("+14015550123").orElseThrow();
    assertThat(rhodeIsland.hoursOn(LocalDate.parse("2026-12-05"))) // a Saturday
        .isEqualTo(new RegionalRule.Hours(LocalTime.of(10, 0), LocalTime.of(17, 0)));
    assertThat(BUILT_IN.forPhone("+15025550123").map(RegionalRule::windowStart))
        .hasValue(LocalTime.of(10, 0)); // Kentucky
  }

  @Test
  void anOperatorsFileMayKeepTheBuiltInRulesAndReplaceOrAddRegions(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("rules.json");
    Files.writeString(
        file,
        """
        {"includeBuiltIn": true, "regions": [
          {"region": "US-TX", "countryCallingCode": 1, "areaCodes": ["713"],
           "windowStart": "10:00", "windowEnd": "20:00", "maxAttemptsPer24Hours": 2,
           "closedDays": ["SUNDAY"], "citations": ["house rule"]},
          {"region": "US-NY", "countryCallingCode": 1, "areaCodes": ["212"],
           "windowStart": "09:00", "windowEnd": "18:00", "maxAttemptsPer24Hours": 0,
           "holidays": ["US_FEDERAL", "02-12"], "citations": ["house rule"]}]}
        """);
    RegionalRules rules = RegionalRules.load(file);

    RegionalRule texas = rules.forPhone("+17135550123").orElseThrow();
    assertThat(texas.maxAttemptsPer24Hours()).isEqualTo(2);
    assertThat(texas.closedBecause(LocalDate.parse("2026-12-06"))).isEqualTo("REGIONAL_DAY");
    // the replaced region keeps only the operator's area codes
    assertThat(rules.forPhone("+12145550123")).isEmpty();
    assertThat(
            rules
                .forPhone("+12125550123")
                .orElseThrow()
                .closedBecause(LocalDate.parse("2027-02-12")))
        .isEqualTo("REGIONAL_HOLIDAY");
    assertThat(rules.forPhone("+13055550123").map(RegionalRule::region)).hasValue("US-FL");
  }

  @Test
  void theLeadsStateDecidesBeforeItsAreaCode() {
    // a Florida number, a Texan lead
    assertThat(BUILT_IN.forLead("tx", "+13055550123").map(RegionalRule::region)).hasValue("US-TX");
    // a state with no rules of its own: none, whatever the area code says
    assertThat(BUILT_IN.forLead("NY", "+13055550123")).isEmpty();
    assertThat(BUILT_IN.forLead(null, "+13055550123").map(RegionalRule::region)).hasValue("US-FL");
  }

  @Test
  void aBadHolidayOrWeekdayIsNamed(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("rules.json");
    Files.writeString(
        file,
        """
        {"regions": [{"region": "X", "countryCallingCode": 1, "areaCodes": ["212"],
          "windowStart": "09:00", "windowEnd": "18:00", "maxAttemptsPer24Hours": 0,
          "holidays": ["Pi Day"]},
          {"region": "Y", "countryCallingCode": 1, "areaCodes": ["213"],
          "windowStart": "09:00", "windowEnd": "18:00", "maxAttemptsPer24Hours": 0,
          "closedDays": ["Sabbath"]}]}
        """);
    assertThatThrownBy(() -> RegionalRules.load(file))
        .hasMessageContaining("X: holiday \"Pi Day\"")
        .hasMessageContaining("Y: window must be");
  }

  @Test
  void anOperatorsFileAddsToTheBuiltInRulesAStateItDoesNotNameKeepsItsOwn(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("rules.json");
    Files.writeString(
        file,
        """
        {"regions": [{"region": "US-NY", "countryCallingCode": 1, "areaCodes": ["212"],
          "windowStart": "09:00", "windowEnd": "18:00", "maxAttemptsPer24Hours": 2,
          "citations": ["house rule"]}]}
        """);
    RegionalRules rules = RegionalRules.load(file);
    assertThat(rules.forPhone("+12125550123").map(RegionalRule::region)).hasValue("US-NY");
    // the review's finding: a Texan (by state) and a Florida number kept their built-in rules
    assertThat(rules.forLead("TX", "+12125550123").map(RegionalRule::region)).hasValue("US-TX");
    assertThat(rules.forLead("tx", null).map(RegionalRule::region)).hasValue("US-TX");
    assertThat(rules.forPhone("+13055550123").map(RegionalRule::region)).hasValue("US-FL");

    Files.writeString(file, "{\"regions\": []}");
    assertThat(RegionalRules.load(file).forLead("TX", null).map(RegionalRule::region))
        .hasValue("US-TX");
  }

  @Test
  void onlyIncludeBuiltInFalseDropsTheBuiltInRules(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("rules.json");
    Files.writeString(
        file,
        """
        {"includeBuiltIn": false,
         "regions": [{"region": "US-NY", "countryCallingCode": 1, "areaCodes": ["212"],
          "windowStart": "09:00", "windowEnd": "18:00", "maxAttemptsPer24Hours": 2}]}
        """);
    RegionalRules rules = RegionalRules.load(file);
    assertThat(rules.forPhone("+12125550123").map(RegionalRule::region)).hasValue("US-NY");
    assertThat(rules.forLead("TX", null)).isEmpty();
    assertThat(rules.forPhone("+13055550123")).isEmpty();

    Files.writeString(file, "{\"includeBuiltIn\": false, \"regions\": []}");
    assertThat(RegionalRules.load(file).forPhone("+13055550123")).isEmpty();
  }

  @Test
  void aBrokenFileSaysWhatIsWrong(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("rules.json");
    assertThatThrownBy(() -> RegionalRules.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot read");
    Files.writeString(file, "{\"regions\": [");
    assertThatThrownBy(() -> RegionalRules.load(file))
        .hasMessageStartingWith("is not a rules file");
    Files.writeString(
        file,
        """
        {"regions": [{"region": "X", "countryCallingCode": 1, "areaCodes": ["12"],
          "windowStart": "20:00", "windowEnd": "08:00", "maxAttemptsPer24Hours": 3},
          {"region": "Y", "countryCallingCode": 1, "areaCodes": ["305", "305"],
          "windowStart": "8am", "maxAttemptsPer24Hours": 3}]}
        """);
    assertThatThrownBy(() -> RegionalRules.load(file))
        .hasMessageContaining("X: window must be")
        .hasMessageContaining("Y: window must be");
  }
}
