package io.followup.domain.unsubscribe;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.function.BiPredicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signed token of an email unsubscribe link: {@code base64url(leadId) "." base64url(HMAC)}, the
 * HMAC-SHA256 under the unsubscribe secret of {@code "unsubscribe/v1:" + leadId}. It does not
 * expire (a link in a mail read a year later still works) and carries nothing but the lead id. A
 * token is accepted only when its signature matches, compared in constant time ({@link
 * MessageDigest#isEqual}), so neither a forged signature nor another lead's id under this one's
 * signature gets through, and the time taken says nothing about how close a guess was.
 */
public final class UnsubscribeTokens {
  /** Lead ids are at most 64 characters; a longer token is malformed without any work. */
  public static final int MAX_LENGTH = 160;

  private static final String ALGORITHM = "HmacSHA256";
  private static final String DOMAIN = "unsubscribe/v1:";
  private static final int SIGNATURE_BYTES = 32;
  private static final int MIN_SECRET_BYTES = 16;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final BiPredicate<byte[], byte[]> equal;

  /**
   * @param secret at least 16 bytes; never logged (nor shown by {@link #toString()})
   */
  public UnsubscribeTokens(byte[] secret) {
    this(secret, MessageDigest::isEqual);
  }

  /** With the signature comparison given (a test's recording wrapper). */
  UnsubscribeTokens(byte[] secret, BiPredicate<byte[], byte[]> equal) {
    if (secret == null || secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "the unsubscribe secret must have at least " + MIN_SECRET_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    this.equal = equal;
  }

  /** The token of {@code leadId}'s links: URL-safe, the same every time. */
  public String sign(String leadId) {
    if (leadId == null || leadId.isEmpty()) {
      throw new IllegalArgumentException("a token needs a lead id");
    }
    return ENCODER.encodeToString(leadId.getBytes(StandardCharsets.UTF_8))
        + "."
        + ENCODER.encodeToString(mac(leadId));
  }

  /** What a presented token says. */
  public sealed interface Verdict {
    /** The signature matches: the link was made by this service for {@code leadId}. */
    record Valid(String leadId) implements Verdict {}

    /** Well-formed, but its signature does not match (forged or altered). */
    record Forged() implements Verdict {}

    /** Not a token's shape at all (truncated, not base64url, too long). */
    record Malformed() implements Verdict {}
  }

  public Verdict verify(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
      return new Verdict.Malformed();
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      return new Verdict.Malformed();
    }
    String idPart = token.substring(0, dot);
    String signaturePart = token.substring(dot + 1);
    String leadId;
    byte[] presented;
    try {
      byte[] id = DECODER.decode(idPart);
      presented = DECODER.decode(signaturePart);
      if (!ENCODER.encodeToString(id).equals(idPart)
          || !ENCODER.encodeToString(presented).equals(signaturePart)) {
        // the decoder ignores a last character's unused bits: only the one spelling counts, so
        // no changed character leaves a token valid
        return new Verdict.Malformed();
      }
      leadId = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(id)).toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return new Verdict.Malformed();
    }
    if (leadId.isEmpty() || presented.length != SIGNATURE_BYTES) {
      return new Verdict.Malformed();
    }
    return equal.test(mac(leadId), presented) ? new Verdict.Valid(leadId) : new Verdict.Forged();
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

  /** The reply-address tokens (issue 21), signed with the same secret under their own domain. */
  public ReplyTokens replyTokens() {
    return new ReplyTokens(key.getEncoded());
  }

  @Override
  public String toString() {
    return "UnsubscribeTokens[secret=***]";
  }
}
