package io.followup.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.worker.inbound.ImapConfig;
import org.junit.jupiter.api.Test;

class ImapSettingsTest {
  private static ImapSettings reading() {
    ImapSettings s = new ImapSettings();
    s.replyAddress = "replies@example.com";
    s.host = "imap.example.com";
    s.username = "replies";
    s.password = "secret";
    return s;
  }

  @Test
  void theDefaultsReadNoMailboxGiveNoReplyAddressAndBreakNoRule() {
    ImapSettings defaults = new ImapSettings();

    assertThat(Violations.of(defaults)).isEmpty();
    assertThat(defaults.reads()).isFalse();
    assertThat(defaults.hasReplyAddress()).isFalse();
  }

  @Test
  void aMailboxWithItsLoginBuildsTheReadersSettingsWithoutItsPassword() {
    ImapSettings s = reading();

    assertThat(Violations.of(s)).isEmpty();
    ImapConfig config = s.config();
    assertThat(config.port()).isEqualTo(993);
    assertThat(config.folder()).isEqualTo("INBOX");
    assertThat(config.pollEvery().toSeconds()).isEqualTo(30);
    assertThat(config.toString())
        .isEqualTo("imap imap.example.com:993 (tls) folder INBOX")
        .doesNotContain("secret");
  }

  @Test
  void eachBadValueIsNamedByItsVariable() {
    ImapSettings s = reading();
    s.username = "";
    s.port = "0";
    s.tls = "ssl";
    s.pollSeconds = "soon";
    s.replyAddress = "Replies <replies@example.com>";

    assertThat(Violations.of(s))
        .containsExactlyInAnyOrder(
            "IMAP_USERNAME: is required with IMAP_HOST",
            "IMAP_PORT: must be a port from 1 to 65535",
            "IMAP_TLS: must be starttls, tls or none; got ssl",
            "IMAP_POLL_SECONDS: must be a whole number of seconds from 1 to 86400",
            "IMAP_REPLY_ADDRESS: must be a bare address (replies@example.com)");
  }

  @Test
  void aReplyAddressThatIsNoAddressIsRefusedWithoutAMailbox() {
    ImapSettings s = new ImapSettings();
    s.replyAddress = "not an address";

    assertThat(Violations.of(s)).containsExactly("IMAP_REPLY_ADDRESS: must be an email address");
  }
}
