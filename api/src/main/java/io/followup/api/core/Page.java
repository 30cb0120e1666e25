package io.followup.api.core;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque paging tokens: base64url of the position the next page starts after. */
final class Page {
  private Page() {}

  static String encode(String position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(position.getBytes(StandardCharsets.UTF_8));
  }

  static String decode(String token) {
    try {
      String position = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!plain(position)) {
        throw new IllegalArgumentException("not a position of ours");
      }
      return position;
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("nextToken", "is not a token this API returned");
    }
  }

  /** A position a token of ours can hold: short, and free of control characters. */
  static boolean plain(String position) {
    return position.length() <= 200 && position.chars().noneMatch(c -> c < 0x20);
  }

  static int limit(Integer limit, int max) {
    if (limit == null) {
      return Math.min(100, max);
    }
    if (limit < 1 || limit > max) {
      throw ApiException.badRequest("limit", "must be from 1 to " + max);
    }
    return limit;
  }
}
