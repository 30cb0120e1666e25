package io.followup.domain.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.followup.domain.unsubscribe.UnsubscribeTokens.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnsubscribeTokensTest {
  private static final byte[] SECRET = "a-test-secret-of-32-bytes-length".getBytes();
  private static final String LEAD = "0b6f3c1e-4f6e-4b8e-9a57-3c2d1e0f9a88";
  private static final String OTHER = "7d1c2b3a-0000-4000-8000-000000000001";

  private final UnsubscribeTokens tokens = new UnsubscribeTokens(SECRET);

  @Test
  void aSignedTokenVerifiesAsItsLeadAndIsUrlSafe() {
    String token = tokens.sign(LEAD);

    assertThat(tokens.verify(token)).isEqualTo(new Verdict.Valid(LEAD));
    assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
    assertThat(token.length()).isLessThanOrEqualTo(UnsubscribeTokens.MAX_LENGTH);
    // the same link every time: a second email does not make the first one's link stale
    assertThat(tokens.sign(LEAD)).isEqualTo(token);
    // another process with the same secret agrees
    assertThat(new UnsubscribeTokens(SECRET.clone()).verify(token))
        .isEqualTo(new Verdict.Valid(LEAD));
  }

  @Test
  void anotherSecretsTokenIsForged() {
    UnsubscribeTokens other = new UnsubscribeTokens("another-secret-of-32-bytes-long!".getBytes());

    assertThat(tokens.verify(other.sign(LEAD))).isEqualTo(new Verdict.Forged());
  }

  @Test
  void everyAlteredCharacterMakesTheTokenInvalid() {
    String token = tokens.sign(LEAD);
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      char changed = c == 'A' ? 'B' : c == '.' ? '-' : 'A';
      String altered = token.substring(0, i) + changed + token.substring(i + 1);
      assertThat(tokens.verify(altered))
          .as("character %d changed", i)
          .isNotInstanceOf(Verdict.Valid.class);
    }
  }

  @Test
  void anotherLeadsIdUnderThisLeadsSignatureIsForged() {
    String token = tokens.sign(LEAD);
    String signature = token.substring(token.indexOf('.') + 1);
    String swapped =
        Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(OTHER.getBytes(StandardCharsets.UTF_8))
            + "."
            + signature;

    assertThat(tokens.verify(swapped)).isEqualTo(new Verdict.Forged());
  }

  @Test
  void truncatedOrShapelessTokensAreMalformed() {
    String token = tokens.sign(LEAD);

    assertThat(tokens.verify(token.substring(0, token.length() - 1)))
        .isEqualTo(new Verdict.Malformed());
    assertThat(tokens.verify(token.substring(0, token.indexOf('.'))))
        .isEqualTo(new Verdict.Malformed());
    assertThat(tokens.verify(token.substring(0, token.indexOf('.') + 1)))
        .isEqualTo(new Verdict.Malformed());
    assertThat(tokens.verify(token + "." + "x")).isEqualTo(new Verdict.Malformed());
    assertThat(tokens.verify("")).isEqualTo(new Verdict.Malformed());
    assertThat(tokens.verify(null)).isEqualTo(new Verdict.Malformed());
    assertThat(tokens.verify("not base64!." + token.substring(token.indexOf('.') + 1)))
        .isEqualTo(new Verdict.Malformed());
    assertThat(tokens.verify("a".repeat(UnsubscribeTokens.MAX_LENGTH + 1)))
        .isEqualTo(new Verdict.Malformed());
    // an id that is not UTF-8
    assertThat(
            tokens.verify(
                Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {(byte) 0xff})
                    + "."
                    + token.substring(token.indexOf('.') + 1)))
        .isEqualTo(new Verdict.Malformed());
  }

  @Test
  void signaturesAreComparedWholeByTheConstantTimeComparison() {
    List<byte[][]> compared = new ArrayList<>();
    UnsubscribeTokens recorded =
        new UnsubscribeTokens(
            SECRET,
            (expected, presented) -> {
              compared.add(new byte[][] {expected, presented});
              return MessageDigest.isEqual(expected, presented);
            });
    String token = recorded.sign(LEAD);
    String signature = token.substring(token.indexOf('.') + 1);
    String prefix = token.substring(0, token.indexOf('.') + 1);
    // wrong in the first byte, wrong in the last byte, right
    String firstWrong = prefix + (signature.charAt(0) == 'A' ? 'B' : 'A') + signature.substring(1);
    char last = signature.charAt(signature.length() - 2);
    String lastWrong =
        prefix
            + signature.substring(0, signature.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + signature.charAt(signature.length() - 1);

    assertThat(recorded.verify(firstWrong)).isEqualTo(new Verdict.Forged());
    assertThat(recorded.verify(lastWrong)).isEqualTo(new Verdict.Forged());
    assertThat(recorded.verify(token)).isEqualTo(new Verdict.Valid(LEAD));

    // every well-formed token, however wrong, is decided by one comparison of the full 32 bytes:
    // no early exit that a timing could reveal
    assertThat(compared).hasSize(3);
    for (byte[][] pair : compared) {
      assertThat(pair[0]).hasSize(32);
      assertThat(pair[1]).hasSize(32);
    }
  }

  @Test
  void aShortSecretIsRefusedAndTheSecretIsNeverShown() {
    assertThatThrownBy(() -> new UnsubscribeTokens("short".getBytes()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("short");
    assertThat(tokens.toString()).doesNotContain(new String(SECRET));
  }

  @Test
  void linksAreUnderThePublicBaseUrl() {
    UnsubscribeLinks links = new UnsubscribeLinks("https://followup.example.com/", tokens);

    assertThat(links.forLead(LEAD))
        .hasValueSatisfying(
            url -> {
              assertThat(url.toString())
                  .isEqualTo("https://followup.example.com/v1/unsubscribe/" + tokens.sign(LEAD));
            });
    assertThat(UnsubscribeLinks.none().forLead(LEAD)).isEmpty();
    assertThat(UnsubscribeLinks.none().enabled()).isFalse();
  }
}
