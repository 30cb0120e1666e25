package io.followup.app.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fault matrix's providers in processes of their own ({@code scripts/faults.sh twilio-500,
 * smtp-down}), each writing what it took to a file in {@code DIR} so a count survives its restarts.
 *
 * <ul>
 *   <li>{@code twilio PORT DIR}: Twilio's Messages resource ({@code TWILIO_API_BASE_URL}). A POST
 *       takes the text (a line "to" in {@code DIR/twilio-sent}) and answers 201; a GET lists the
 *       texts taken for its {@code To} (the worker's lookup of an earlier attempt). While the file
 *       {@code DIR/twilio-down} exists every request is answered 500 and nothing is taken.
 *   <li>{@code smtp PORT DIR}: an SMTP server (no TLS, any login) that appends each message's
 *       recipient and Message-ID to {@code DIR/smtp-received} before it answers 250. "Down" is the
 *       process stopped.
 * </ul>
 */
public final class FaultDoubles {
  private static final DateTimeFormatter RFC_2822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private FaultDoubles() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[1]);
    Path dir = Path.of(args[2]);
    switch (args[0]) {
      case "twilio" -> twilio(port, dir);
      case "smtp" -> smtp(port, dir);
      default -> throw new IllegalArgumentException("twilio or smtp, not " + args[0]);
    }
  }

  private record Text(String sid, String to, String body, Instant created) {}

  static void twilio(int port, Path dir) throws IOException {
    Map<String, List<Text>> taken = new HashMap<>();
    AtomicInteger sids = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            if (Files.exists(dir.resolve("twilio-down"))) {
              answer(exchange, 500, "{\"code\":20500,\"message\":\"down\",\"status\":500}");
              return;
            }
            String path = exchange.getRequestURI().getPath();
            if (!path.endsWith("/Messages.json")) {
              answer(exchange, 404, "{\"code\":20404,\"message\":\"not here\",\"status\":404}");
              return;
            }
            if (exchange.getRequestMethod().equals("POST")) {
              Map<String, String> form =
                  form(
                      new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
              Text text =
                  new Text(
                      "SM" + String.format("%032d", sids.incrementAndGet()),
                      form.get("To"),
                      form.get("Body"),
                      Instant.now());
              synchronized (taken) {
                taken.computeIfAbsent(text.to(), k -> new ArrayList<>()).add(0, text);
                Files.writeString(
                    dir.resolve("twilio-sent"),
                    text.to() + "\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
              }
              answer(exchange, 201, json(text));
            } else {
              String to = form(exchange.getRequestURI().getRawQuery()).get("To");
              List<String> records = new ArrayList<>();
              synchronized (taken) {
                taken.getOrDefault(to, List.of()).forEach(t -> records.add(json(t)));
              }
              answer(
                  exchange,
                  200,
                  "{\"messages\":["
                      + String.join(",", records)
                      + "],\"uri\":\""
                      + path
                      + "\",\"first_page_uri\":\""
                      + path
                      + "\",\"next_page_uri\":null,\"page\":0,\"page_size\":50}");
            }
          }
        });
    server.start();
  }

  private static String json(Text t) {
    return "{\"sid\":\""
        + t.sid()
        + "\",\"to\":\""
        + t.to()
        + "\",\"body\":\""
        + escape(t.body())
        + "\",\"status\":\"queued\",\"direction\":\"outbound-api\",\"date_created\":\""
        + RFC_2822.format(t.created())
        + "\"}";
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : (s == null ? "" : s).toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static Map<String, String> form(String encoded) {
    Map<String, String> fields = new HashMap<>();
    if (encoded == null) {
      return fields;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        fields.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return fields;
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  static void smtp(int port, Path dir) throws IOException {
    ServerSocket listener = new ServerSocket(port, 64, InetAddress.getByName("127.0.0.1"));
    var sessions = Executors.newFixedThreadPool(8);
    while (true) {
      Socket socket = listener.accept();
      sessions.submit(
          () -> {
            try (socket) {
              session(socket, dir);
            } catch (IOException e) {
              // the client went away: nothing taken
            }
            return null;
          });
    }
  }

  private static void session(Socket socket, Path dir) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    PrintWriter out =
        new PrintWriter(
            new java.io.OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8));
    reply(out, "220 fault-double ESMTP");
    List<String> recipients = new ArrayList<>();
    String line;
    while ((line = in.readLine()) != null) {
      String command = line.toUpperCase(Locale.ROOT);
      if (command.startsWith("EHLO")) {
        reply(out, "250-fault-double\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME");
      } else if (command.startsWith("HELO")) {
        reply(out, "250 fault-double");
      } else if (command.startsWith("AUTH LOGIN")) {
        reply(out, "334 VXNlcm5hbWU6");
        in.readLine();
        reply(out, "334 UGFzc3dvcmQ6");
        in.readLine();
        reply(out, "235 ok");
      } else if (command.startsWith("AUTH PLAIN")) {
        if (command.trim().equals("AUTH PLAIN")) {
          reply(out, "334 ");
          in.readLine();
        }
        reply(out, "235 ok");
      } else if (command.startsWith("MAIL FROM")) {
        recipients.clear();
        reply(out, "250 ok");
      } else if (command.startsWith("RCPT TO")) {
        recipients.add(line.substring(line.indexOf(':') + 1).trim());
        reply(out, "250 ok");
      } else if (command.startsWith("DATA")) {
        reply(out, "354 go on");
        String messageId = "";
        String data;
        while ((data = in.readLine()) != null && !data.equals(".")) {
          if (messageId.isEmpty() && data.regionMatches(true, 0, "Message-ID:", 0, 11)) {
            messageId = data.substring(11).trim();
          }
        }
        if (data == null) {
          return;
        }
        StringBuilder taken = new StringBuilder();
        for (String to : recipients) {
          taken.append(to).append(' ').append(messageId).append('\n');
        }
        synchronized (FaultDoubles.class) {
          Files.writeString(
              dir.resolve("smtp-received"),
              taken,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND);
        }
        reply(out, "250 taken");
      } else if (command.startsWith("QUIT")) {
        reply(out, "221 bye");
        return;
      } else {
        // RSET, NOOP and anything else
        reply(out, "250 ok");
      }
    }
  }

  private static void reply(PrintWriter out, String text) {
    out.print(text + "\r\n");
    out.flush();
  }
}
