package io.followup.api.http;

import io.followup.api.core.ApiException;
import io.followup.api.core.CallKeyPresses;
import io.followup.api.core.InboundTexts;
import io.followup.api.core.StatusCallbacks;
import io.followup.api.core.TwiML;
import io.followup.domain.audit.Actor;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Twilio's callbacks (SPEC "Conversations"): authenticated by {@link TwilioSignature}, not by an
 * API key; answered with TwiML. Nothing is read or changed before the signature holds.
 */
@Path("/v1/webhooks/twilio")
public class TwilioWebhookResource {
  private final TwilioSignature signature;
  private final InboundTexts inbound;
  private final StatusCallbacks statuses;
  private final CallKeyPresses keyPresses;

  public TwilioWebhookResource(
      TwilioSignature signature,
      InboundTexts inbound,
      StatusCallbacks statuses,
      CallKeyPresses keyPresses) {
    this.signature = signature;
    this.inbound = inbound;
    this.statuses = statuses;
    this.keyPresses = keyPresses;
  }

  @POST
  @Path("/sms")
  @Answers({200, 400, 403, 413, 415, 429, 500, 503})
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_XML)
  public String sms(
      @Context UriInfo uri, @HeaderParam(TwilioSignature.HEADER) String signed, String form) {
    Map<String, String> params = params(form);
    signature.check(pathAndQuery(uri), params, signed);
    return Actor.as(inboundActor(params), () -> inbound.receive(withoutNul(params)));
  }

  @POST
  @Path("/status")
  @Answers({200, 400, 403, 413, 415, 429, 500, 503})
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_XML)
  public String status(
      @Context UriInfo uri, @HeaderParam(TwilioSignature.HEADER) String signed, String form) {
    Map<String, String> params = params(form);
    signature.check(pathAndQuery(uri), params, signed);
    Actor.as(inboundActor(params), () -> statuses.receive(withoutNul(params)));
    return TwiML.EMPTY;
  }

  /** The events a callback causes name Twilio's message (or call) sid. */
  private static Actor inboundActor(Map<String, String> params) {
    String sid = params.get("MessageSid");
    if (sid == null || sid.isBlank()) {
      sid = params.get("CallSid");
    }
    return Actor.inbound(sid == null || sid.isBlank() ? "twilio" : "twilio:" + sid);
  }

  /** The key a called lead pressed in the call's opt-out {@code <Gather>}. */
  @POST
  @Path("/gather")
  @Answers({200, 400, 403, 413, 415, 429, 500, 503})
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_XML)
  public String gather(
      @Context UriInfo uri, @HeaderParam(TwilioSignature.HEADER) String signed, String form) {
    Map<String, String> params = params(form);
    signature.check(pathAndQuery(uri), params, signed);
    return Actor.as(inboundActor(params), () -> keyPresses.receive(withoutNul(params)));
  }

  /**
   * The form's parameters, the first value of each (Twilio sends each once), decoded as UTF-8; a
   * body that is no valid {@code application/x-www-form-urlencoded} is a 400 naming the problem.
   */
  static Map<String, String> params(String form) {
    Map<String, String> params = new LinkedHashMap<>();
    if (form == null || form.isEmpty()) {
      return params;
    }
    int index = 0;
    for (String pair : form.split("&")) {
      index++;
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), index);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), index);
      params.putIfAbsent(name, value);
    }
    return params;
  }

  private static String decode(String text, int index) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          400,
          "body: is not valid application/x-www-form-urlencoded (a malformed %-escape in"
              + " parameter "
              + index
              + ")");
    }
  }

  /**
   * After the signature check (it covers the text as sent): U+0000, which no stored text can hold
   * (PostgreSQL rejects it), is dropped.
   */
  private static Map<String, String> withoutNul(Map<String, String> params) {
    Map<String, String> clean = new LinkedHashMap<>();
    params.forEach((k, v) -> clean.put(k, v.indexOf('\0') < 0 ? v : v.replace("\0", "")));
    return clean;
  }

  private static String pathAndQuery(UriInfo uri) {
    String path = uri.getRequestUri().getRawPath();
    String query = uri.getRequestUri().getRawQuery();
    return query == null ? path : path + "?" + query;
  }
}
