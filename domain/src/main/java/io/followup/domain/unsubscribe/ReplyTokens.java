package io.followup.domain.unsubscribe;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token of a lead's reply address ({@code <local>+<token>@<domain>}, issue 21): the lead's id
 * (a UUID) as 32 hex digits followed by the first 8 bytes of an HMAC-SHA256 under the unsubscribe
 * secret of {@code "reply/v1:" + leadId}, 16 hex digits more: 48 lowercase characters that survive
 * a mail system that changes the local part's case. It encodes nothing but the lead id and never
 * expires. Lead ids that are not UUIDs (none the API creates) get no token: their replies are
 * matched by {@code In-Reply-To} alone.
 */
public final class ReplyTokens {
  /** The token's length: 32 hex digits of the id, 16 of the signature. */
  public static final int LENGTH = 48;

  private static final String ALGORITHM = "HmacSHA256";
  private static final String DOMAIN = "reply/v1:";
  private static final int SIGNATURE_BYTES = 8;
  private static final HexFormat HEX = HexFormat.of();

  private final SecretKeySpec key;

  /**
   * @param secret the unsubscribe secret (at least 16 bytes); never logged
   */
  public ReplyTokens(byte[] secret) {
    if (secret == null || secret.length < 16) {
      throw new IllegalArgumentException("the reply secret must have at least 16 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
  }

  /** The lead's token; empty when its id is not a UUID. */
  public Optional<String> sign(String leadId) {
    UUID id = uuid(leadId);
    if (id == null) {
      return Optional.empty();
    }
    String hex = id.toString().replace("-", "");
    return Optional.of(hex + HEX.formatHex(mac(id.toString()), 0, SIGNATURE_BYTES));
  }

  /** The lead id a token names when its signature matches (any case); empty otherwise. */
  public Optional<String> verify(String token) {
    if (token == null || token.length() != LENGTH) {
      return Optional.empty();
    }
    String lower = token.toLowerCase(Locale.ROOT);
    byte[] presented;
    UUID id;
    try {
      presented = HEX.parseHex(lower.substring(32));
      String h = lower.substring(0, 32);
      id =
          UUID.fromString(
              h.substring(0, 8)
                  + "-"
                  + h.substring(8, 12)
                  + "-"
                  + h.substring(12, 16)
                  + "-"
                  + h.substring(16, 20)
                  + "-"
                  + h.substring(20));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    byte[] expected = new byte[SIGNATURE_BYTES];
    System.arraycopy(mac(id.toString()), 0, expected, 0, SIGNATURE_BYTES);
    return MessageDigest.isEqual(expected, presented)
        ? Optional.of(id.toString())
        : Optional.empty();
  }

  /**
   * The lead's reply address: {@code base}'s local part, {@code +}, the token, {@code @} its
   * domain; empty when the lead has no token or {@code base} is no address.
   */
  public Optional<String> address(String base, String leadId) {
    int at = base == null ? -1 : base.lastIndexOf('@');
    if (at <= 0 || at == base.length() - 1) {
      return Optional.empty();
    }
    String local = base.substring(0, at);
    int plus = local.indexOf('+');
    String plain = plus < 0 ? local : local.substring(0, plus);
    return sign(leadId).map(t -> plain + "+" + t + base.substring(at));
  }

  /**
   * The lead id of a reply address whose local part carries a valid token after a {@code +}, any
   * local part and domain; empty otherwise.
   */
  public Optional<String> leadOf(String address) {
    if (address == null) {
      return Optional.empty();
    }
    int at = address.lastIndexOf('@');
    String local = at < 0 ? address : address.substring(0, at);
    int plus = local.lastIndexOf('+');
    return plus < 0 ? Optional.empty() : verify(local.substring(plus + 1));
  }

  private byte[] mac(String leadId) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal((DOMAIN + leadId).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  private static UUID uuid(String leadId) {
    if (leadId == null || leadId.length() != 36) {
      return null;
    }
    try {
      UUID id = UUID.fromString(leadId);
      // only the canonical lowercase spelling round-trips to the same lead id
      return id.toString().equals(leadId) ? id : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "ReplyTokens[secret=***]";
  }
}
