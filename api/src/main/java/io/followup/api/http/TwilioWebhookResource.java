package io.followup.api.http;

import io.followup.api.core.InboundTexts;
import io.followup.api.core.StatusCallbacks;
import io.followup.api.core.TwiML;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
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

  public TwilioWebhookResource(
      TwilioSignature signature, InboundTexts inbound, StatusCallbacks statuses) {
    this.signature = signature;
    this.inbound = inbound;
    this.statuses = statuses;
  }

  @POST
  @Path("/sms")
  @Answers({200, 400, 403, 413, 415, 429, 500, 503})
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_XML)
  public String sms(
      @Context UriInfo uri,
      @HeaderParam(TwilioSignature.HEADER) String signed,
      MultivaluedMap<String, String> form) {
    Map<String, String> params = params(form);
    signature.check(pathAndQuery(uri), params, signed);
    return inbound.receive(params);
  }

  @POST
  @Path("/status")
  @Answers({200, 400, 403, 413, 415, 429, 500, 503})
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_XML)
  public String status(
      @Context UriInfo uri,
      @HeaderParam(TwilioSignature.HEADER) String signed,
      MultivaluedMap<String, String> form) {
    Map<String, String> params = params(form);
    signature.check(pathAndQuery(uri), params, signed);
    statuses.receive(params);
    return TwiML.EMPTY;
  }

  /** The first value of each parameter (Twilio sends each once). */
  private static Map<String, String> params(MultivaluedMap<String, String> form) {
    Map<String, String> params = new LinkedHashMap<>();
    if (form != null) {
      for (Map.Entry<String, List<String>> e : form.entrySet()) {
        if (!e.getValue().isEmpty()) {
          params.put(e.getKey(), e.getValue().get(0));
        }
      }
    }
    return params;
  }

  private static String pathAndQuery(UriInfo uri) {
    String path = uri.getRequestUri().getRawPath();
    String query = uri.getRequestUri().getRawQuery();
    return query == null ? path : path + "?" + query;
  }
}
