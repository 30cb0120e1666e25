package io.followup.api.http;

import io.followup.api.core.ApiException;
import io.followup.domain.audit.Actor;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Every request carries {@code x-api-key}; a missing or unknown key is a 403. Keys are compared as
 * SHA-256 digests with {@link MessageDigest#isEqual}, against every configured key, so the time
 * taken says nothing about how close a guess was. Keys are never logged. The OpenAPI document
 * ({@link OpenApiResource#PUBLIC_PATHS}) and the {@link #KEYLESS_PREFIXES} are served without a
 * key. A request with a valid key acts as that key ({@link Actor#apiKey}, named by {@link
 * #shortHash}) until its answer. Paths under {@link #ADMIN_PREFIX} take an admin key alone ({@code
 * ADMIN_API_KEYS}): any other key is a 403 that says so.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class ApiKeyFilter implements ContainerRequestFilter, ContainerResponseFilter {
  public static final String HEADER = "x-api-key";

  /**
   * Paths that authenticate otherwise, so no key is asked: Twilio's callbacks (its signature,
   * checked by their resource) and the email unsubscribe links (a signed token in the path).
   */
  public static final List<String> KEYLESS_PREFIXES =
      List.of("v1/webhooks/twilio/", "v1/unsubscribe/");

  /** Operators' routes (the send switch): admin keys only. */
  public static final String ADMIN_PREFIX = "v1/admin/";

  private final List<byte[]> digests;
  private final List<byte[]> adminDigests;

  public ApiKeyFilter(List<String> keys) {
    this(keys, List.of());
  }

  /**
   * @param adminKeys keys that may also call {@link #ADMIN_PREFIX} routes; valid everywhere
   */
  public ApiKeyFilter(List<String> keys, List<String> adminKeys) {
    this.adminDigests = adminKeys.stream().map(ApiKeyFilter::digest).toList();
    this.digests =
        java.util.stream.Stream.concat(keys.stream(), adminKeys.stream())
            .map(ApiKeyFilter::digest)
            .toList();
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    // a thread serves many requests: no actor is left from the last one
    Actor.clear();
    if (OpenApiResource.PUBLIC_PATHS.contains(path)
        || KEYLESS_PREFIXES.stream().anyMatch(path::startsWith)) {
      return;
    }
    String presented = request.getHeaderString(HEADER);
    if (presented == null || presented.isEmpty()) {
      throw new ApiException(403, "Missing API key: send it in the x-api-key header.");
    }
    if (!admits(presented)) {
      throw new ApiException(403, "Invalid API key.");
    }
    if ((path + "/").startsWith(ADMIN_PREFIX) && !isAdmin(presented)) {
      throw new ApiException(403, "This route needs an admin key (ADMIN_API_KEYS).");
    }
    // the events this request causes name the key by its short hash, never the key
    Actor.use(Actor.apiKey(shortHash(presented)));
  }

  /** Whether {@code presented} is a configured key (in constant time; null or empty: no). */
  public boolean admits(String presented) {
    if (presented == null || presented.isEmpty()) {
      return false;
    }
    byte[] candidate = digest(presented);
    return matches(digests, candidate);
  }

  /** Whether {@code presented} is an admin key ({@code ADMIN_API_KEYS}), in constant time. */
  private boolean isAdmin(String presented) {
    return matches(adminDigests, digest(presented));
  }

  private static boolean matches(List<byte[]> keys, byte[] candidate) {
    boolean match = false;
    for (byte[] key : keys) {
      match |= MessageDigest.isEqual(key, candidate);
    }
    return match;
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Actor.clear();
  }

  /** {@code key:} and the first 8 hex digits of the key's SHA-256: names a key, reveals nothing. */
  public static String shortHash(String key) {
    return "key:" + HexFormat.of().formatHex(digest(key), 0, 4);
  }

  static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
