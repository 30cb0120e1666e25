package io.followup.domain.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ReplyTokensTest {
  private static final String LEAD = "3f1c2b9e-8d7a-4c5b-9e0f-112233445566";
  private final ReplyTokens tokens =
      new ReplyTokens("a secret of sixteen+ bytes".getBytes(StandardCharsets.UTF_8));

  @Test
  void anAddressCarriesTheLeadAndComesBackToIt() {
    String address = tokens.address("replies@example.com", LEAD).orElseThrow();
    assertThat(address).startsWith("replies+").endsWith("@example.com");
    assertThat(address.substring(0, address.indexOf('@'))).hasSizeLessThanOrEqualTo(64);
    assertThat(tokens.leadOf(address)).contains(LEAD);
    // a mail system that changes the local part's case changes nothing
    assertThat(tokens.leadOf(address.toUpperCase(Locale.ROOT))).contains(LEAD);
  }

  @Test
  void anAlteredForeignOrMissingTokenNamesNoLead() {
    String token = tokens.sign(LEAD).orElseThrow();
    char last = token.charAt(token.length() - 1);
    String altered = token.substring(0, token.length() - 1) + (last == '0' ? '1' : '0');
    assertThat(tokens.verify(altered)).isEmpty();
    ReplyTokens other =
        new ReplyTokens("another secret, 16+ bytes".getBytes(StandardCharsets.UTF_8));
    assertThat(other.verify(token)).isEmpty();
    assertThat(tokens.leadOf("replies@example.com")).isEmpty();
    assertThat(tokens.leadOf("replies+nothex@example.com")).isEmpty();
    assertThat(tokens.leadOf(null)).isEmpty();
  }

  @Test
  void anIdThatIsNoUuidGetsNoAddress() {
    assertThat(tokens.address("replies@example.com", "imported-17")).isEmpty();
    assertThat(tokens.address("not an address", LEAD)).isEmpty();
  }

  @Test
  void theUnsubscribeSecretSignsReplyTokensUnderTheirOwnDomain() {
    byte[] secret = "a secret of sixteen+ bytes".getBytes(StandardCharsets.UTF_8);
    UnsubscribeTokens unsubscribe = new UnsubscribeTokens(secret);
    assertThat(unsubscribe.replyTokens().sign(LEAD)).isEqualTo(tokens.sign(LEAD));
  }
}
