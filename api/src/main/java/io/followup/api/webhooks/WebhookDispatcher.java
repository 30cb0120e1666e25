package io.followup.api.webhooks;

import io.followup.domain.webhooks.PendingWebhook;
import io.followup.domain.webhooks.WebhookAttempt;
import io.followup.domain.webhooks.WebhookQueue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: one lane per URL (a poller and at most {@code concurrency} requests in
 * flight), so a slow or dead receiver holds its own lane only. The poller claims only as many rows
 * as the lane has free slots and never waits for a batch to finish: a request that hangs holds its
 * slot (and, by the outbox's order, its lead's later events) for its deadline, never the other
 * leads' events. Each attempt has one deadline over the whole exchange ({@code requestTimeout}:
 * connect, headers and body), and {@code http://} receivers get plain HTTP/1.1 (no h2c upgrade). A
 * row is leased while its request runs; a 2xx deletes it, anything else (no connection, a timeout,
 * a non-2xx) schedules the next attempt with exponential backoff and jitter, and a row still
 * failing {@code retryFor} after its event is marked dead. Runs on its own threads: the API and the
 * sends only insert rows.
 *
 * <p>Logs name the event id, the event and the receiver's host; never the body (it holds the lead's
 * data), the URL's path or query (it may hold a token), or the secret.
 */
public final class WebhookDispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

  private final WebhookQueue queue;
  private final List<URI> urls;
  private final WebhookSignature signature;
  private final DispatchSettings settings;
  private final WebhookMeters meters;
  private final Clock clock;
  private final HttpClient http;
  private final List<ScheduledExecutorService> pollers = new ArrayList<>();
  private final List<ExecutorService> senders = new ArrayList<>();
  private volatile boolean stopped;

  public WebhookDispatcher(
      WebhookQueue queue,
      List<URI> urls,
      WebhookSignature signature,
      DispatchSettings settings,
      WebhookMeters meters,
      Clock clock) {
    this.queue = queue;
    this.urls = List.copyOf(urls);
    this.signature = signature;
    this.settings = settings;
    this.meters = meters;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Starts one lane per URL. */
  public synchronized void start() {
    for (int i = 0; i < urls.size(); i++) {
      URI url = urls.get(i);
      String name = "webhooks-" + (i + 1);
      ScheduledExecutorService poller =
          Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-poll"));
      ExecutorService sender =
          Executors.newFixedThreadPool(settings.concurrency(), r -> daemon(r, name + "-send"));
      Semaphore slots = new Semaphore(settings.concurrency());
      pollers.add(poller);
      senders.add(sender);
      poller.scheduleWithFixedDelay(
          () -> drain(url, sender, slots),
          0,
          settings.pollEvery().toMillis(),
          TimeUnit.MILLISECONDS);
    }
    log.info("webhook dispatcher: {} receiver(s): {}", urls.size(), hosts());
    ScheduledExecutorService checker =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "webhooks-unlisted"));
    pollers.add(checker);
    checker.scheduleWithFixedDelay(
        this::warnOfUnlistedUrls, 0, UNLISTED_CHECK_EVERY.toMinutes(), TimeUnit.MINUTES);
  }

  /** How often the outbox is checked for rows of URLs this process does not deliver to. */
  static final Duration UNLISTED_CHECK_EVERY = Duration.ofHours(1);

  private void warnOfUnlistedUrls() {
    try {
      unlistedUrlsWarning().ifPresent(log::warn);
    } catch (RuntimeException e) {
      log.warn("webhooks: cannot count the outbox's rows by URL: {}", e.toString());
    }
  }

  /**
   * The warning for outbox rows whose URL this process does not list (another process's
   * WEBHOOK_URLS wrote them): no dispatcher here delivers them or marks them dead. Names the hosts
   * only, never a path or query (it may hold a token).
   */
  Optional<String> unlistedUrlsWarning() {
    Set<String> listed = new HashSet<>();
    urls.forEach(url -> listed.add(url.toString()));
    long rows = 0;
    Set<String> hosts = new TreeSet<>();
    for (Map.Entry<String, Long> entry : queue.pendingByUrl().entrySet()) {
      if (!listed.contains(entry.getKey()) && entry.getValue() > 0) {
        rows += entry.getValue();
        hosts.add(host(entry.getKey()));
      }
    }
    if (rows == 0) {
      return Optional.empty();
    }
    return Optional.of(
        "webhook outbox: "
            + rows
            + " pending row(s) for "
            + hosts.size()
            + " receiver host(s) this process does not deliver to ("
            + String.join(", ", hosts)
            + "): WEBHOOK_URLS differs between processes; set the same list on every process"
            + " (the API delivers), or those rows wait forever");
  }

  /** Stops polling; requests in flight get their timeout to finish, else their rows wait. */
  @Override
  public synchronized void close() {
    stopped = true;
    pollers.forEach(ExecutorService::shutdownNow);
    senders.forEach(ExecutorService::shutdown);
    for (ExecutorService sender : senders) {
      try {
        if (!sender.awaitTermination(
            settings.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
          sender.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        sender.shutdownNow();
      }
    }
    pollers.clear();
    senders.clear();
  }

  /**
   * Claims rows for {@code url} while the lane has free slots and rows are due, and hands each to a
   * sender (the poller's one task). Never waits for a delivery: a free slot is taken at the next
   * poll.
   */
  private void drain(URI url, ExecutorService sender, Semaphore slots) {
    try {
      while (!stopped) {
        int free = slots.availablePermits();
        if (free == 0) {
          return;
        }
        Instant now = clock.instant();
        String owner = UUID.randomUUID().toString();
        List<PendingWebhook> batch =
            queue.claim(
                url.toString(),
                Math.min(settings.batch(), free),
                now,
                now.plus(settings.lease()),
                owner);
        if (batch.isEmpty()) {
          return;
        }
        for (PendingWebhook row : batch) {
          // only this thread acquires, and it claimed no more rows than there were free slots
          slots.acquireUninterruptibly();
          try {
            sender.execute(
                () -> {
                  try {
                    deliver(row, owner);
                  } finally {
                    slots.release();
                  }
                });
          } catch (RejectedExecutionException stopping) {
            // closing: the lease lapses and the row is delivered later
            slots.release();
          }
        }
      }
    } catch (RuntimeException e) {
      // the database is away, say: the next poll tries again; rows wait in the outbox
      log.warn("webhooks to {}: cannot read the outbox: {}", url.getHost(), e.toString());
    }
  }

  private void deliver(PendingWebhook row, String owner) {
    byte[] body = row.body().getBytes(StandardCharsets.UTF_8);
    Instant at = clock.instant();
    long started = System.nanoTime();
    WebhookAttempt attempt;
    try {
      HttpResponse<Void> response = exchange(row.url(), body);
      attempt = new WebhookAttempt(at, response.statusCode(), millisSince(started), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // stopping: the lease lapses and the row is delivered later
      return;
    } catch (Exception e) {
      attempt = new WebhookAttempt(at, null, millisSince(started), e.getClass().getSimpleName());
    }
    if (attempt.succeeded()) {
      queue.delivered(row.id(), owner, attempt);
      meters.delivered();
      log.debug("webhook {} ({}) delivered to {}", row.eventId(), row.event(), host(row));
      return;
    }
    failed(row, owner, attempt);
  }

  /**
   * One POST with one deadline over the whole exchange: the HTTP client's own timeout stops at the
   * answer's headers, so a receiver that sends them and then stalls its body would hold the slot
   * for as long as it likes. Past the deadline the exchange is cancelled (its connection closed).
   */
  private HttpResponse<Void> exchange(String url, byte[] body) throws Exception {
    URI uri = URI.create(url);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(settings.requestTimeout())
            .header("Content-Type", "application/json")
            .header(WebhookSignature.HEADER, signature.sign(body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if ("http".equalsIgnoreCase(uri.getScheme())) {
      // the client's default, HTTP/2, sends cleartext receivers an h2c Upgrade some mishandle
      request.version(HttpClient.Version.HTTP_1_1);
    }
    CompletableFuture<HttpResponse<Void>> exchange =
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
    try {
      return exchange.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw new HttpTimeoutException("no whole answer within " + settings.requestTimeout());
    } catch (InterruptedException e) {
      exchange.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private static long millisSince(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }

  private void failed(PendingWebhook row, String owner, WebhookAttempt attempt) {
    meters.failed();
    Instant now = clock.instant();
    int attempts = row.attempts() + 1;
    String error = attempt.summary();
    if (!now.isBefore(row.createdAt().plus(settings.retryFor()))) {
      queue.dead(row.id(), owner, attempt);
      log.error(
          "webhook {} ({}) to {}: given up after {} attempts over {}: {}",
          row.eventId(),
          row.event(),
          host(row),
          attempts,
          Duration.between(row.createdAt(), now),
          error);
      return;
    }
    Instant next = now.plus(backoff(attempts));
    queue.retry(row.id(), owner, next, attempt);
    log.warn(
        "webhook {} ({}) to {}: attempt {} failed ({}); next at {}",
        row.eventId(),
        row.event(),
        host(row),
        attempts,
        error,
        next);
  }

  /** The delay after the {@code attempts}th failure: doubling from firstRetry, capped, jittered. */
  Duration backoff(int attempts) {
    long first = settings.firstRetry().toMillis();
    long max = settings.maxRetry().toMillis();
    int doublings = Math.min(Math.max(attempts - 1, 0), 40);
    long delay =
        first > 0 && doublings < 62 && first <= (max >> doublings) ? first << doublings : max;
    delay = Math.min(delay, max);
    // between half and all of it: receivers coming back are not hit by every process at once
    long jittered = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    return Duration.ofMillis(jittered);
  }

  private String hosts() {
    return String.join(", ", urls.stream().map(URI::getHost).toList());
  }

  private static String host(PendingWebhook row) {
    return host(row.url());
  }

  private static String host(String url) {
    try {
      String host = URI.create(url).getHost();
      return host == null ? "?" : host;
    } catch (IllegalArgumentException e) {
      return "?";
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread thread = new Thread(r, name);
    thread.setDaemon(true);
    return thread;
  }
}
