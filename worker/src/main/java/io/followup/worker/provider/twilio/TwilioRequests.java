package io.followup.worker.provider.twilio;

import com.twilio.base.Page;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import io.followup.worker.provider.Delivery;
import io.followup.worker.provider.Lookup;
import io.followup.worker.provider.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SDK request to Twilio, its answer turned into the provider contract's failures, and the rules
 * both lookups (texts and calls) read a page of records by.
 */
final class TwilioRequests {
  private static final Logger log = LoggerFactory.getLogger(TwilioProvider.class);

  /** Invalid or unreachable numbers: retrying cannot help. */
  static final Set<Integer> INVALID_NUMBER = Set.of(21211, 21214, 21217, 21401, 21407, 21614);

  /** The recipient replied STOP to this sender at Twilio: the lead is opted out. */
  static final int UNSUBSCRIBED = 21610;

  private final TwilioRestClient client;
  private final Duration maxRetryAfter;

  TwilioRequests(TwilioRestClient client, Duration maxRetryAfter) {
    this.client = client;
    this.maxRetryAfter = maxRetryAfter;
  }

  /** Runs one SDK call, turning Twilio's answers into the provider contract's failures. */
  <T> T send(Function<TwilioRestClient, T> call) {
    try {
      return call.apply(client);
    } catch (TwilioUnavailableException e) {
      Duration after = e.retryAfter();
      if (after != null && after.compareTo(maxRetryAfter) > 0) {
        after = maxRetryAfter;
      }
      // a 429 is a refusal: Twilio took nothing, so the claim can go and the retry sends afresh;
      // after a 5xx it may have, and the retry asks first
      throw e.status() == 429
          ? ProviderException.notSent(e.getMessage(), after, null)
          : ProviderException.temporary(e.getMessage(), after, null);
    } catch (ApiException e) {
      throw failure(e);
    }
  }

  /**
   * A search Twilio refuses for good (credentials, rights) settles nothing: the send is
   * UNCONFIRMED. One Twilio cannot answer now (5xx, throttled, unreachable) is thrown on, so the
   * activity is retried with the claim kept: Twilio is asked again after the outage, and a text it
   * never took is sent then rather than given up (the workflow records UNCONFIRMED if the retries
   * run out first).
   */
  static Lookup search(Delivery delivery, Supplier<Lookup> search) {
    try {
      return search.get();
    } catch (ProviderException e) {
      if (!e.permanent()) {
        throw e;
      }
      log.warn("send {}: Twilio lookup refused: {}", delivery.idempotencyKey(), e.getMessage());
      return Lookup.unknown("Twilio could not be asked: " + e.getMessage());
    }
  }

  static boolean createdSince(ZonedDateTime created, Instant since) {
    // a record without its creation time could be anything
    return created == null || !created.toInstant().isBefore(since);
  }

  /** The page is the last one, or reaches back past {@code since}. */
  static boolean covers(Page<?> page, List<ZonedDateTime> created, Instant since) {
    return !page.hasNextPage()
        || created.stream().anyMatch(c -> c != null && c.toInstant().isBefore(since));
  }

  private static boolean refusedBeforeSending(Throwable cause) {
    return cause instanceof java.net.ConnectException
        || cause instanceof java.net.UnknownHostException
        || cause instanceof org.apache.hc.client5.http.ConnectTimeoutException;
  }

  /**
   * Twilio's error message can quote the number, so the failure names only the code: it reaches the
   * ledger, the lead's events and the workflow's history.
   */
  private static ProviderException failure(ApiException e) {
    Integer code = e.getCode();
    Integer status = e.getStatusCode();
    if (code == null && status == null && refusedBeforeSending(e.getCause())) {
      // no connection at all: nothing reached Twilio
      return ProviderException.notSent(
          "Twilio unreachable (" + e.getCause().getClass().getSimpleName() + ")", null);
    }
    if (code == null && status == null) {
      // no answer (reset, timeout): Twilio may have taken it
      return ProviderException.temporary(
          "Twilio unreachable ("
              + (e.getCause() == null ? "no answer" : e.getCause().getClass().getSimpleName())
              + ")",
          null,
          null);
    }
    if (code != null && code == UNSUBSCRIBED) {
      return ProviderException.recipientOptedOut(
          "Twilio error 21610: the recipient unsubscribed", "TWILIO_" + UNSUBSCRIBED);
    }
    if (code != null && INVALID_NUMBER.contains(code)) {
      return ProviderException.permanent("Twilio error " + code + ": invalid phone number");
    }
    return ProviderException.permanent(
        "Twilio rejected the request (HTTP " + status + ", error " + code + ")");
  }
}
