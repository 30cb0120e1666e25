// The benchmark's load generator (scripts/bench/run.sh starts it; docs/BENCHMARKS.md).
//
// A plain HTTP/1.1 client on blocking sockets (keep-alive, one connection per thread, no
// per-request allocation beyond the request bytes) and HdrHistogram. Run as a single-file program:
//   java -cp HdrHistogram-2.2.2.jar scripts/bench/LoadClient.java MODE --api URL --admin URL ...
//
// Modes:
//   paths  the bounds and the product paths against one running application, closed loop at
//          --connections for --seconds each (after --warmup), then open loop (fixed arrival rate,
//          latency from the intended send instant: no coordinated omission) at half of each path's
//          closed-loop rate; prints a Markdown table with each path's ratio to its bound
//   send   --leads N leads whose first step comes due at the same instant (--lead-seconds ahead),
//          waits for every send; time to the last send, the due-lag distribution, sends per second,
//          events per lead (exactly one MESSAGE each); then --isolated single leads, one at a time
//   idle   creates --leads idle leads (steps due in 24 h), --connections at a time
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

public class LoadClient {
  static String api;
  static String admin;
  static String key;
  static int connections = 16;
  static double seconds = 10;
  static double warmup = 3;
  static int leads = 400;
  static double leadSeconds = 120;
  static long windowOpen = 0;
  static int isolated = 10;
  static String only = "";
  static final AtomicLong phones = new AtomicLong();

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    for (int i = 1; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--api" -> api = v;
        case "--admin" -> admin = v;
        case "--key" -> key = v;
        case "--connections" -> connections = Integer.parseInt(v);
        case "--seconds" -> seconds = Double.parseDouble(v);
        case "--warmup" -> warmup = Double.parseDouble(v);
        case "--leads" -> leads = Integer.parseInt(v);
        case "--lead-seconds" -> leadSeconds = Double.parseDouble(v);
        case "--window-open" -> windowOpen = Long.parseLong(v);
        case "--isolated" -> isolated = Integer.parseInt(v);
        case "--phone-base" -> phones.set(Long.parseLong(v));
        case "--only" -> only = v;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    switch (mode) {
      case "paths" -> paths();
      case "send" -> send();
      case "idle" -> {
        long t0 = System.nanoTime();
        List<String> ids = createLeads(leads, 24);
        System.out.printf(
            "created %d idle leads in %.1f s%n", ids.size(), (System.nanoTime() - t0) / 1e9);
      }
      default -> throw new IllegalArgumentException("mode: paths | send | idle");
    }
  }

  // ---------------------------------------------------------------- the paths and their bounds

  record Result(String path, double rate, double p50, double p99, double max, long errors) {}

  interface Request {
    /** Sends one request on {@code c}; the n-th of thread {@code thread}. Returns the status. */
    int send(Conn c, int thread, long n) throws IOException;
  }

  static void paths() throws Exception {
    // leads for the PATCHes and GETs, split into one slice per connection (no lock waits between
    // connections, as in the bound tasks), and separate ones for the Update bound
    List<String> ids = createLeads(Math.max(leads, connections * 4), 24);
    List<String> boundIds = createLeads(Math.max(leads, connections * 4), 24);
    Map<String, Request> requests = new LinkedHashMap<>();
    requests.put("ping", (c, t, n) -> c.call("GET", "/v1/bench/ping", null).status);
    requests.put("create", (c, t, n) -> c.call("POST", "/v1/leads/create", createBody(24)).status);
    requests.put("GET", (c, t, n) -> c.call("GET", "/v1/leads/" + random(ids), null).status);
    requests.put("list", (c, t, n) -> c.call("GET", "/v1/leads?limit=20", null).status);
    requests.put(
        "PATCH profile",
        (c, t, n) ->
            c.call("PATCH", "/v1/leads/" + slice(ids, t, n), "{\"additionalInfo\":{\"n\":" + n + "}}")
                .status);
    requests.put(
        "PATCH step",
        (c, t, n) ->
            c.call(
                    "PATCH",
                    "/v1/leads/" + slice(ids, t, n),
                    "{\"followUpStep\":" + (n / (ids.size() / connections) % 2 + 1) + "}")
                .status);

    Map<String, Result> closed = new LinkedHashMap<>();
    Map<String, Result> open = new LinkedHashMap<>();
    for (var e : requests.entrySet()) {
      if (!only.isEmpty() && !e.getKey().equals("ping") && !only.contains(e.getKey())) {
        continue;
      }
      run(e.getKey(), e.getValue(), warmup, 0);
      Result r = run(e.getKey(), e.getValue(), seconds, 0);
      closed.put(e.getKey(), r);
      System.err.println("closed " + r);
      if (e.getKey().equals("ping")) {
        // the in-process bounds right after the HTTP one, under the same conditions
        Result row = task("bench-row", ids);
        closed.put("row", row);
        System.err.println("bound " + row);
        Result update = task("bench-update", boundIds);
        closed.put("update", update);
        System.err.println("bound " + update);
      }
    }
    for (var e : requests.entrySet()) {
      Result c = closed.get(e.getKey());
      if (c == null || e.getKey().equals("ping")) {
        continue;
      }
      Result r = run(e.getKey(), e.getValue(), seconds, c.rate / 2);
      open.put(e.getKey(), r);
      System.err.println("open " + r);
    }

    double ping = closed.get("ping").rate;
    double row = closed.get("row").rate;
    double update = closed.get("update").rate;
    double change = 1 / (1 / ping + 1 / row + 1 / update);
    Map<String, String> boundName = new HashMap<>();
    Map<String, Double> bound = new HashMap<>();
    boundName.put("create", "HTTP+row+Update");
    bound.put("create", change);
    boundName.put("GET", "HTTP");
    bound.put("GET", ping);
    boundName.put("list", "HTTP");
    bound.put("list", ping);
    boundName.put("PATCH profile", "row");
    bound.put("PATCH profile", row);
    boundName.put("PATCH step", "HTTP+row+Update");
    bound.put("PATCH step", change);

    System.out.println();
    System.out.printf(
        "Bounds (closed loop, %d connections / threads, %.0f s each after %.0f s warm-up):%n%n",
        connections, seconds, warmup);
    System.out.println("| bound | ops/s | p50 ms | p99 ms | errors |");
    System.out.println("|---|---|---|---|---|");
    for (String b : List.of("ping", "row", "update")) {
      Result r = closed.get(b);
      String name =
          switch (b) {
            case "ping" -> "HTTP: `GET /v1/bench/ping` (key check, rate-limit filter, metrics)";
            case "row" -> "row: locked row update, same pool, plain JDBC (admin task)";
            default -> "Update: Workflow Update changing the step, same client and worker";
          };
      System.out.printf(
          "| %s | %.0f | %.2f | %.2f | %d |%n", name, r.rate, r.p50, r.p99, r.errors);
    }
    System.out.printf(
        "| HTTP+row+Update (harmonic: 1/(1/HTTP+1/row+1/Update)) | %.0f | | | |%n", change);
    System.out.println();
    System.out.println(
        "| path | req/s | p50 ms | p99 ms | errors | bound | ratio | open loop at ½ rate:"
            + " req/s | p50 ms | p99 ms | max ms |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (var e : closed.entrySet()) {
      String p = e.getKey();
      if (!bound.containsKey(p)) {
        continue;
      }
      Result r = e.getValue();
      Result o = open.get(p);
      System.out.printf(
          "| %s | %.0f | %.2f | %.2f | %d | %s %.0f | **%.2f** | %.0f | %.2f | %.2f | %.1f |%n",
          p,
          r.rate,
          r.p50,
          r.p99,
          r.errors + o.errors,
          boundName.get(p),
          bound.get(p),
          r.rate / bound.get(p),
          o.rate,
          o.p50,
          o.p99,
          o.max);
    }
  }

  static String slice(List<String> ids, int thread, long n) {
    int per = ids.size() / connections;
    return ids.get(thread * per + (int) (n % per));
  }

  static String random(List<String> ids) {
    return ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
  }

  /** Closed loop when {@code rate} is 0, else open loop at {@code rate} requests a second. */
  static Result run(String name, Request request, double secs, double rate) throws Exception {
    Histogram total = new Histogram(3_600_000_000L, 3);
    AtomicLong errors = new AtomicLong();
    AtomicLong count = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime() + 50_000_000L;
    long end = start + (long) (secs * 1e9);
    for (int t = 0; t < connections; t++) {
      int thread = t;
      Thread th =
          new Thread(
              () -> {
                Histogram own = new Histogram(3_600_000_000L, 3);
                try (Conn c = new Conn(api)) {
                  LockSupport.parkNanos(start - System.nanoTime());
                  for (long n = 0; ; n++) {
                    long intended = System.nanoTime();
                    if (rate > 0) {
                      intended = start + (long) ((n * connections + thread) * 1e9 / rate);
                      long wait = intended - System.nanoTime();
                      if (wait > 0) {
                        LockSupport.parkNanos(wait);
                      }
                    }
                    if (intended >= end) {
                      break;
                    }
                    int status;
                    try {
                      status = request.send(c, thread, n);
                    } catch (IOException e) {
                      status = 0;
                      c.reset();
                    }
                    long done = System.nanoTime();
                    own.recordValue(Math.max(1, (done - intended) / 1000));
                    if (status < 200 || status > 299) {
                      if (errors.incrementAndGet() <= 3) {
                        System.err.println(name + ": status " + status + " " + c.lastBody);
                      }
                    }
                  }
                } catch (IOException e) {
                  throw new RuntimeException(e);
                }
                synchronized (total) {
                  total.add(own);
                }
              });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    double elapsed = (end - start) / 1e9;
    return new Result(
        name,
        total.getTotalCount() / elapsed,
        total.getValueAtPercentile(50) / 1000.0,
        total.getValueAtPercentile(99) / 1000.0,
        total.getMaxValue() / 1000.0,
        errors.get());
  }

  /** An in-process bound (admin task): warm-up, then the measured run. */
  static Result task(String name, List<String> ids) throws Exception {
    String body = String.join("\n", ids);
    try (Conn c = new Conn(admin)) {
      for (double secs : new double[] {warmup, seconds}) {
        Conn.Response r =
            c.call(
                "POST",
                "/tasks/" + name + "?threads=" + connections + "&seconds=" + secs,
                body,
                "text/plain");
        if (r.status != 200) {
          throw new IllegalStateException(name + ": " + r.status + " " + r.body);
        }
        if (secs == seconds) {
          String[] f = r.body.trim().split(" ");
          return new Result(
              name,
              Double.parseDouble(f[2]),
              Double.parseDouble(f[3]),
              Double.parseDouble(f[4]),
              0,
              Long.parseLong(f[5]));
        }
      }
    }
    throw new IllegalStateException();
  }

  // ---------------------------------------------------------------- leads

  static String createBody(double hours) {
    long n = phones.getAndIncrement();
    // +1 212 2xx xxxx onward: valid New York numbers, one per lead
    String phone = "+1" + (212 + n / 8_000_000 * 100) + (2_000_000 + n % 8_000_000);
    return "{\"firstName\":\"Ada\",\"lastName\":\"L\",\"phone\":\""
        + phone
        + "\",\"timezone\":\"UTC\",\"followUpConfig\":{\"1\":{\"hours\":"
        + hours
        + ",\"channel\":\"text\"},\"2\":{\"hours\":48,\"channel\":\"text\"}}}";
  }

  static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

  /** Creates {@code count} leads whose first step is due in {@code hours}; their ids. */
  static List<String> createLeads(int count, double hours) throws Exception {
    return createLeads(count, n -> hours);
  }

  interface Hours {
    double at(long n);
  }

  static List<String> createLeads(int count, Hours hours) throws Exception {
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    AtomicLong next = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < connections; t++) {
      Thread th =
          new Thread(
              () -> {
                try (Conn c = new Conn(api)) {
                  for (long n; (n = next.getAndIncrement()) < count; ) {
                    String body = createBody(hours.at(n));
                    Conn.Response r = c.call("POST", "/v1/leads/create", body);
                    // a cold start under load may pass TEMPORAL_UPDATE_TIMEOUT: retry (nothing stored)
                    for (int retry = 0; r.status == 503 && retry < 5; retry++) {
                      r = c.call("POST", "/v1/leads/create", body);
                    }
                    Matcher m = ID.matcher(r.body);
                    if (r.status != 200 || !m.find()) {
                      throw new IllegalStateException("create: " + r.status + " " + r.body);
                    }
                    ids.add(m.group(1));
                  }
                } catch (IOException e) {
                  throw new RuntimeException(e);
                }
              });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    if (ids.size() != count) {
      throw new IllegalStateException("created " + ids.size() + " of " + count);
    }
    return new ArrayList<>(ids);
  }

  // ---------------------------------------------------------------- the send path

  static final Pattern EVENT =
      Pattern.compile("\"type\":\"MESSAGE\",\"timestamp\":\"([^\"]+)\"");

  static void send() throws Exception {
    // every lead's first step is due at the same instant, leadSeconds from now; with
    // --window-open (epoch seconds) half a minute before the sending window opens ("08:00 after a
    // night"), and the lag counts from the opening
    long dueMillis =
        windowOpen > 0
            ? windowOpen * 1000 - 30_000
            : (System.currentTimeMillis() / 1000 + (long) leadSeconds) * 1000;
    long from = windowOpen > 0 ? windowOpen * 1000 : dueMillis;
    Instant due = Instant.ofEpochMilli(dueMillis);
    long t0 = System.nanoTime();
    List<String> ids =
        createLeads(leads, n -> (dueMillis - System.currentTimeMillis()) / 3_600_000.0);
    double createSecs = (System.nanoTime() - t0) / 1e9;
    long margin = dueMillis - System.currentTimeMillis();
    System.out.printf(
        "created %d leads in %.1f s; all due at %s (%.1f s after the last create)%n",
        ids.size(), createSecs, due, margin / 1000.0);
    if (margin < 0) {
      System.out.println("WARNING: the creates ran past the due instant: raise --lead-seconds");
    }
    // sends a second, from the jar's own counter, until all are in
    TreeMap<Long, Long> perSecond = new TreeMap<>();
    long last = -1;
    long deadline = from + 1_800_000;
    try (Conn c = new Conn(admin)) {
      while (System.currentTimeMillis() < deadline) {
        long sent = sendsTotal(c);
        long now = System.currentTimeMillis();
        if (now >= from - 1000 && sent != last) {
          perSecond.put((now - from) / 1000, sent);
          last = sent;
        }
        if (sent >= leads) {
          break;
        }
        Thread.sleep(200);
      }
    }
    // one MESSAGE per lead: its timestamp against the common due instant
    Histogram lag = new Histogram(3_600_000L, 3);
    Map<Integer, Integer> messagesPerLead = new ConcurrentHashMap<>();
    AtomicLong lastAt = new AtomicLong();
    AtomicLong next = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < connections; t++) {
      Thread th =
          new Thread(
              () -> {
                Histogram own = new Histogram(3_600_000L, 3);
                try (Conn c = new Conn(api)) {
                  for (long n; (n = next.getAndIncrement()) < ids.size(); ) {
                    Conn.Response r =
                        c.call(
                            "GET",
                            "/v1/leads/" + ids.get((int) n) + "/events?types=MESSAGE",
                            null);
                    Matcher m = EVENT.matcher(r.body);
                    int found = 0;
                    while (m.find()) {
                      found++;
                      long at = Instant.parse(m.group(1)).toEpochMilli();
                      own.recordValue(Math.max(0, at - from));
                      lastAt.accumulateAndGet(at, Math::max);
                    }
                    messagesPerLead.merge(found, 1, Integer::sum);
                  }
                } catch (IOException e) {
                  throw new RuntimeException(e);
                }
                synchronized (lag) {
                  lag.add(own);
                }
              });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    System.out.printf(
        "leads by MESSAGE events: %s (want {1=%d})%n", new TreeMap<>(messagesPerLead), leads);
    System.out.printf(
        "time to the last send: %.2f s after the %s%n",
        (lastAt.get() - from) / 1000.0,
        windowOpen > 0 ? "window opened" : "due instant");
    System.out.printf(
        "due lag (MESSAGE timestamp - due, or - the opening), ms: p50 %d, p90 %d, p99 %d, max %d (%d sends)%n",
        lag.getValueAtPercentile(50),
        lag.getValueAtPercentile(90),
        lag.getValueAtPercentile(99),
        lag.getMaxValue(),
        lag.getTotalCount());
    long previous = 0;
    long previousSecond = Long.MIN_VALUE;
    double peak = 0;
    StringBuilder timeline = new StringBuilder();
    for (var e : perSecond.entrySet()) {
      if (previousSecond != Long.MIN_VALUE && e.getKey() > previousSecond) {
        peak = Math.max(peak, (e.getValue() - previous) / (double) (e.getKey() - previousSecond));
      }
      timeline.append(String.format(" %ds:%d", e.getKey(), e.getValue()));
      previous = e.getValue();
      previousSecond = e.getKey();
    }
    System.out.printf("sends counted (second after due: total):%s%n", timeline);
    System.out.printf("peak sends a second (between polls): %.0f%n", peak);

    // an isolated due step: one lead at a time, due 2 s after its create
    Histogram single = new Histogram(3_600_000L, 3);
    try (Conn c = new Conn(api)) {
      for (int i = 0; i < isolated; i++) {
        long dueAt = System.currentTimeMillis() + 2000;
        Conn.Response r = c.call("POST", "/v1/leads/create", createBody(2000 / 3_600_000.0));
        Matcher m = ID.matcher(r.body);
        if (!m.find()) {
          throw new IllegalStateException("create: " + r.status + " " + r.body);
        }
        String id = m.group(1);
        for (long until = dueAt + 30_000; System.currentTimeMillis() < until; ) {
          Thread.sleep(100);
          Matcher e = EVENT.matcher(c.call("GET", "/v1/leads/" + id + "/events", null).body);
          if (e.find()) {
            single.recordValue(Math.max(0, Instant.parse(e.group(1)).toEpochMilli() - dueAt));
            break;
          }
        }
      }
    }
    System.out.printf(
        "isolated due step (%d, one at a time): lag ms p50 %d, max %d (the API's clock for the"
            + " due instant, ~the create's latency early)%n",
        single.getTotalCount(), single.getValueAtPercentile(50), single.getMaxValue());
  }

  static final Pattern SENDS =
      Pattern.compile("^followup_due_lag_seconds_count\\{[^}]*\\} ([0-9.eE+]+)", Pattern.MULTILINE);

  static long sendsTotal(Conn c) throws IOException {
    String body = c.call("GET", "/prometheus", null).body;
    Matcher m = SENDS.matcher(body);
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
    }
    return (long) sum;
  }

  // ---------------------------------------------------------------- HTTP/1.1, keep-alive

  static final class Conn implements AutoCloseable {
    record Response(int status, String body) {}

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    String lastBody = "";

    Conn(String base) throws IOException {
      URI uri = URI.create(base);
      host = uri.getHost();
      port = uri.getPort();
      reset();
    }

    void reset() throws IOException {
      close();
      socket = new Socket(host, port);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream(), 65536);
      out = new BufferedOutputStream(socket.getOutputStream(), 8192);
    }

    Response call(String method, String path, String body) throws IOException {
      return call(method, path, body, "application/json");
    }

    Response call(String method, String path, String body, String type) throws IOException {
      byte[] payload = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
      StringBuilder head = new StringBuilder(256);
      head.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ");
      head.append(host).append(':').append(port).append("\r\nx-api-key: ").append(key);
      if (payload != null) {
        head.append("\r\nContent-Type: ").append(type);
        head.append("\r\nContent-Length: ").append(payload.length);
      }
      head.append("\r\n\r\n");
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (payload != null) {
        out.write(payload);
      }
      out.flush();
      String status = line();
      if (status == null) {
        throw new IOException("connection closed");
      }
      int code = Integer.parseInt(status.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      boolean close = false;
      for (String h; !(h = header()).isEmpty(); ) {
        String lower = h.toLowerCase();
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(lower.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("connection:") && lower.contains("close")) {
          close = true;
        }
      }
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      if (chunked) {
        for (int size; (size = Integer.parseInt(line().split(";")[0].trim(), 16)) > 0; ) {
          content.write(in.readNBytes(size));
          line();
        }
        line();
      } else if (length > 0) {
        content.write(in.readNBytes((int) length));
      }
      lastBody = content.toString(StandardCharsets.UTF_8);
      if (close) {
        reset();
      }
      return new Response(code, lastBody);
    }

    private String header() throws IOException {
      String h = line();
      if (h == null) {
        throw new IOException("connection closed in the headers");
      }
      return h;
    }

    private String line() throws IOException {
      StringBuilder s = new StringBuilder();
      for (int b; (b = in.read()) != -1; ) {
        if (b == '\n') {
          int n = s.length();
          return n > 0 && s.charAt(n - 1) == '\r' ? s.substring(0, n - 1) : s.toString();
        }
        s.append((char) b);
      }
      return s.length() == 0 ? null : s.toString();
    }

    @Override
    public void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing
        }
      }
    }
  }
}
