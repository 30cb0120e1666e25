package io.followup.domain.unsubscribe;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The one-click unsubscribe link of a lead's emails (RFC 8058): {@code
 * PUBLIC_BASE_URL/v1/unsubscribe/{token}}. Without a public base URL there is nowhere a mail client
 * could reach, so there is no link ({@link #none()}) and emails go without the headers.
 */
public final class UnsubscribeLinks {
  /** The route the API serves the links on. */
  public static final String PATH = "/v1/unsubscribe/";

  private final String baseUrl;
  private final UnsubscribeTokens tokens;

  /**
   * @param baseUrl {@code PUBLIC_BASE_URL}, with or without a trailing slash
   */
  public UnsubscribeLinks(String baseUrl, UnsubscribeTokens tokens) {
    String url = Objects.requireNonNull(baseUrl, "baseUrl").strip();
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    if (url.isEmpty()) {
      throw new IllegalArgumentException("unsubscribe links need a public base URL");
    }
    this.baseUrl = url;
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  private UnsubscribeLinks() {
    this.baseUrl = null;
    this.tokens = null;
  }

  /** No links: emails carry no List-Unsubscribe headers. */
  public static UnsubscribeLinks none() {
    return new UnsubscribeLinks();
  }

  public boolean enabled() {
    return tokens != null;
  }

  /** The lead's link; empty when there are no links. */
  public Optional<URI> forLead(String leadId) {
    return enabled()
        ? Optional.of(URI.create(baseUrl + PATH + tokens.sign(leadId)))
        : Optional.empty();
  }

  @Override
  public String toString() {
    return enabled() ? "UnsubscribeLinks[" + baseUrl + PATH + "…]" : "UnsubscribeLinks[none]";
  }
}
