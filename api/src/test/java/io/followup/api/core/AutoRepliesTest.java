package io.followup.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.api.core.AutoReplies.AutoReply;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which texts are auto-replies, and the day an out-of-office reply says the lead is back. */
class AutoRepliesTest {
  /** A Monday. */
  private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);

  private final AutoReplies replies = new AutoReplies(List.of("beep boop bot"));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "I'm driving with Do Not Disturb While Driving turned on. I'll see your message when I get"
            + " where I'm going.",
        "AUTO-REPLY: thanks for texting",
        "This is an automated message, please do not reply to this message",
        "Automatic reply: we got it",
        "beep-boop BOT here"
      })
  void automatedAnswersAreAutoRepliesWithoutADate(String text) {
    assertThat(replies.classify(text, TODAY)).isEqualTo(new AutoReply(false, null));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Sounds good, call me tomorrow",
        "I'm out, the office is closed",
        "what is an auto mechanic",
        "Who is this?",
        ""
      })
  void theLeadsOwnWordsAreNot(String text) {
    assertThat(replies.classify(text, TODAY)).isNull();
  }

  @Test
  void anOutOfOfficeWithoutADateIsAwayWithNoReturnDay() {
    assertThat(replies.classify("I am out of the office with limited access to my phone.", TODAY))
        .isEqualTo(new AutoReply(true, null));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Out of office. Back on 2027-01-04.|2027-01-04",
        "OOO, back on 1/4|2027-01-04",
        "Out of office until 12/24/2026, reply after.|2026-12-25",
        "On vacation, returning on 01/04/27|2027-01-04",
        "I'm on vacation until January 3rd.|2027-01-04",
        "Out of the office, back Jan. 4, 2027|2027-01-04",
        "On leave; I return on the 4th of January|2027-01-04",
        "Away from the office until 22 December|2026-12-23",
        "On holiday, back on Monday, January 4|2027-01-04",
        "Out of office, back Thursday|2026-12-10",
        "out of office till tomorrow|2026-12-09",
        "Out of office, back on Monday|2026-12-14",
        "Out of office until Dec 1|2027-12-02"
      })
  void anOutOfOfficeNamesTheDayTheLeadIsBack(String text, String day) {
    assertThat(replies.classify(text, TODAY)).isEqualTo(new AutoReply(true, LocalDate.parse(day)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Out of office until further notice",
        "Out of office, back soon",
        "Out of office until 13/45",
        "Out of office until 2026-12-01"
      })
  void anOutOfOfficeWithoutAReadableFutureDayHasNone(String text) {
    assertThat(replies.classify(text, TODAY)).isEqualTo(new AutoReply(true, null));
  }
}
