package io.followup.worker.activities;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailThreadsTest {
  private static final EmailThreads.First FIRST =
      new EmailThreads.First("<a.followup@example.com>", "Your quote, Ada");

  @Test
  void theDefaultTemplatesSubjectBecomesReTheFirsts() {
    assertThat(EmailThreads.subject("Your quote, Ada", FIRST)).isEqualTo("Re: Your quote, Ada");
    assertThat(EmailThreads.subject("", FIRST)).isEqualTo("Re: Your quote, Ada");
    assertThat(EmailThreads.subject("re: Your quote, Ada", FIRST)).isEqualTo("Re: Your quote, Ada");
  }

  @Test
  void aTemplateThatSetsItsOwnSubjectKeepsIt() {
    assertThat(EmailThreads.subject("One last thing", FIRST)).isEqualTo("One last thing");
  }

  @Test
  void aFirstWithoutSubjectChangesNothing() {
    assertThat(
            EmailThreads.subject("Hello", new EmailThreads.First("<a.followup@example.com>", "")))
        .isEqualTo("Hello");
  }
}
