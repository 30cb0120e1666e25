package io.followup.api.http;

import io.followup.api.core.Unsubscribes;
import io.followup.api.core.Unsubscribes.Link;
import io.followup.domain.audit.Actor;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * The email unsubscribe links, {@code /v1/unsubscribe/{token}} (no API key: the signed token is the
 * authority). GET shows a confirmation page with a button and changes nothing (mail scanners and
 * link previews fetch links); POST, the button's or a mail client's one-click (RFC 8058, any body),
 * unsubscribes the lead from email. Small self-contained HTML pages: no script, no external
 * resource, nothing about the lead but a masked address, every value escaped; the token never
 * leaves through a Referer.
 */
@Path("/v1/unsubscribe/{token}")
public class UnsubscribeResource {
  private final Unsubscribes unsubscribes;

  public UnsubscribeResource(Unsubscribes unsubscribes) {
    this.unsubscribes = unsubscribes;
  }

  @GET
  @Answers({200, 400, 404, 429, 500, 503})
  public Response confirm(@PathParam("token") String token) {
    Link link = unsubscribes.check(token);
    return switch (link.state()) {
      case SUBSCRIBED ->
          page(
              200,
              "Unsubscribe from these emails?",
              link.maskedEmail() == null
                  ? "Press the button to stop receiving these emails."
                  : "Press the button to stop sending these emails to " + link.maskedEmail() + ".",
              true);
      case UNSUBSCRIBED -> unsubscribed();
      case MALFORMED -> invalid(400);
      case UNKNOWN -> invalid(404);
    };
  }

  @POST
  @Answers({200, 400, 404, 413, 429, 500, 503})
  public Response unsubscribe(@PathParam("token") String token) {
    // the lead's own click: an inbound act, like a STOP text
    Link link = Actor.as(Actor.inbound("unsubscribe-link"), () -> unsubscribes.unsubscribe(token));
    return switch (link.state()) {
      case UNSUBSCRIBED, SUBSCRIBED -> unsubscribed();
      case MALFORMED -> invalid(400);
      case UNKNOWN -> invalid(404);
    };
  }

  private static Response unsubscribed() {
    return page(200, "You are unsubscribed", "You will receive no more of these emails.", false);
  }

  private static Response invalid(int status) {
    return page(
        status,
        "This unsubscribe link is not valid",
        "Nothing was changed. Please use the link from the most recent email, unaltered.",
        false);
  }

  static Response page(int status, String title, String message, boolean button) {
    String html =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<meta name=\"robots\" content=\"noindex\">"
            + "<title>"
            + escape(title)
            + "</title><style>body{font-family:sans-serif;max-width:32em;margin:4em auto;"
            + "padding:0 1em;color:#222}button{font-size:1em;padding:.6em 1.2em}</style>"
            + "</head><body><h1>"
            + escape(title)
            + "</h1><p>"
            + escape(message)
            + "</p>"
            // no action: the form posts to this very URL
            + (button
                ? "<form method=\"post\"><button type=\"submit\">Unsubscribe</button></form>"
                : "")
            + "</body></html>\n";
    return Response.status(status)
        .type("text/html; charset=utf-8")
        .header("Cache-Control", "no-store")
        .header("Referrer-Policy", "no-referrer")
        .header("X-Content-Type-Options", "nosniff")
        .header(
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
        .entity(html)
        .build();
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
