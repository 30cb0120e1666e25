package io.followup.worker.provider.smtp;

import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An SMTP server that answers as scripted (GreenMail accepts every recipient and offers no
 * STARTTLS): a refused or deferred recipient, a refused message, a connection lost after the
 * message, and STARTTLS with GreenMail's test certificate. One connection at a time.
 */
final class ScriptedSmtpServer implements AutoCloseable {
  volatile String rcptReply = "250 OK";
  volatile String dataReply = "250 OK queued";
  volatile boolean dropAfterMessage;
  final List<String> commands = new CopyOnWriteArrayList<>();
  final List<String> messages = new CopyOnWriteArrayList<>();

  private final boolean offerStartTls;
  private final ServerSocket server;
  private final SSLContext tls;

  ScriptedSmtpServer(boolean offerStartTls) throws Exception {
    this.offerStartTls = offerStartTls;
    this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(new DummySSLServerSocketFactory().getKeyStore(), "changeit".toCharArray());
    this.tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    Thread thread = new Thread(this::serve, "scripted-smtp");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        converse(socket);
      } catch (IOException e) {
        // closed, or the client went away
      }
    }
  }

  private void converse(Socket plain) throws IOException {
    Socket socket = plain;
    boolean secured = false;
    BufferedReader in = reader(socket);
    OutputStream out = socket.getOutputStream();
    reply(out, "220 scripted ESMTP");
    String line;
    while ((line = in.readLine()) != null) {
      String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase();
      commands.add(verb.equals("AUTH") ? "AUTH" : line);
      switch (verb) {
        case "EHLO" ->
            reply(
                out,
                offerStartTls && !secured
                    ? "250-scripted\r\n250-STARTTLS\r\n250 8BITMIME"
                    : "250-scripted\r\n250 8BITMIME");
        case "STAR" -> {
          reply(out, "220 go ahead");
          SSLSocket upgraded =
              (SSLSocket)
                  tls.getSocketFactory()
                      .createSocket(socket, socket.getInetAddress().getHostAddress(), port(), true);
          upgraded.setUseClientMode(false);
          upgraded.startHandshake();
          socket = upgraded;
          secured = true;
          in = reader(socket);
          out = socket.getOutputStream();
        }
        case "MAIL" -> reply(out, "250 OK");
        case "RCPT" -> reply(out, rcptReply);
        case "DATA" -> {
          reply(out, "354 go on");
          StringBuilder message = new StringBuilder();
          while ((line = in.readLine()) != null && !line.equals(".")) {
            message.append(line).append('\n');
          }
          messages.add((secured ? "[tls] " : "") + message);
          if (dropAfterMessage) {
            socket.close();
            return;
          }
          reply(out, dataReply);
        }
        case "QUIT" -> {
          reply(out, "221 bye");
          return;
        }
        default -> reply(out, "250 OK");
      }
    }
  }

  private static BufferedReader reader(Socket socket) throws IOException {
    return new BufferedReader(
        new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
