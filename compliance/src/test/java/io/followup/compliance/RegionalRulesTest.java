package io.followup.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.followup.workflows.schedule.RegionalRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
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
  }

  @Test
  void anOperatorsFileReplacesTheBuiltInRules(@TempDir Path dir) throws IOException {
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
    assertThat(rules.forPhone("+13055550123")).isEmpty();

    Files.writeString(file, "{\"regions\": []}");
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
