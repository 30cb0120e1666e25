package io.followup.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class HolidaysTest {
  private static LocalDate d(String date) {
    return LocalDate.parse(date);
  }

  @Test
  void theFederalHolidaysOf2026WithTheirObservedDays() {
    Holidays federal = Holidays.parse(List.of("US_FEDERAL"));

    assertThat(federal.in(2026))
        .containsExactlyInAnyOrder(
            d("2026-01-01"),
            d("2026-01-19"), // third Monday of January
            d("2026-02-16"),
            d("2026-05-25"), // last Monday of May
            d("2026-06-19"),
            d("2026-07-04"), // a Saturday ...
            d("2026-07-03"), // ... observed the Friday before
            d("2026-09-07"),
            d("2026-10-12"),
            d("2026-11-11"),
            d("2026-11-26"), // fourth Thursday of November
            d("2026-12-25"));
  }

  @Test
  void aSaturdayNewYearsDayIsObservedTheDecemberBefore() {
    Holidays federal = Holidays.parse(List.of("US_FEDERAL"));
    // 2028-01-01 is a Saturday
    assertThat(federal.test(d("2027-12-31"))).isTrue();
    // 2028-06-18 is a Sunday: not a holiday; Juneteenth 2028 (Monday) is
    assertThat(federal.test(d("2028-06-19"))).isTrue();
    // 2023-06-19 was a Monday; 2022-06-19 a Sunday, observed Monday the 20th
    assertThat(federal.test(d("2022-06-20"))).isTrue();
    assertThat(federal.test(d("2026-12-24"))).isFalse();
  }

  @Test
  void stateRulesNthWeekdaysEasterAndOneOffDates() {
    Holidays state =
        Holidays.parse(
            List.of("fourth Monday of April", "Easter-47", "Easter-2", "2026-11-03", "07-24"));

    assertThat(state.test(d("2026-04-27"))).isTrue(); // Confederate Memorial Day (AL)
    assertThat(Holidays.easter(2026)).isEqualTo(d("2026-04-05"));
    assertThat(state.test(d("2026-02-17"))).isTrue(); // Mardi Gras
    assertThat(state.test(d("2026-04-03"))).isTrue(); // Good Friday
    assertThat(state.test(d("2026-11-03"))).isTrue();
    assertThat(state.test(d("2027-11-03"))).isFalse();
    assertThat(state.test(d("2027-07-24"))).isTrue(); // a Saturday ...
    assertThat(state.test(d("2027-07-23"))).isTrue(); // ... and its Friday
  }

  @Test
  void anUnknownFormIsNamed() {
    assertThatThrownBy(() -> Holidays.parse(List.of("Pi Day")))
        .hasMessageContaining("holiday \"Pi Day\" is none of");
    assertThatThrownBy(() -> Holidays.parse(List.of("13-01"))).hasMessageContaining("13-01");
    assertThatThrownBy(() -> Holidays.parse(List.of("fifth Monday of May")))
        .hasMessageContaining("fifth");
  }
}
