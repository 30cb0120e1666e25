package io.followup.worker.provider.smtp;

import io.followup.worker.provider.ChannelProvider;
import io.followup.worker.provider.Delivery;
import io.followup.worker.provider.ProviderException;
import io.followup.worker.provider.ProviderReceipt;
import io.followup.workflows.model.Channel;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Date;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends emails over SMTP (Jakarta Mail, Eclipse Angus): plain text, and a multipart/alternative
 * with the HTML body when the template has one. The {@code Message-ID} is derived from the send's
 * idempotency key, so every attempt of one send carries the same id. A delivery with an unsubscribe
 * link carries it as {@code List-Unsubscribe} and {@code List-Unsubscribe-Post:
 * List-Unsubscribe=One-Click} (RFC 8058).
 *
 * <p>Failures: an address that does not parse or a recipient the server refuses with 5xx is
 * permanent (FAILED). No connection, a failed TLS handshake or login, a refused sender, a 4xx
 * reply: transient, and certainly not sent ({@link ProviderException#notSent}), so the retry sends.
 * A connection lost after the message began is transient too, but the server may have taken it:
 * SMTP cannot be asked afterwards ({@link #confirmsDeliveries()} is false), so the retry records
 * the send UNCONFIRMED and never sends it twice.
 *
 * <p>Logs carry the key, never the recipient, subject, body or the password; failure details carry
 * reply codes, never the server's text (which often repeats the address).
 */
public final class SmtpProvider implements ChannelProvider {
  private static final Logger log = LoggerFactory.getLogger(SmtpProvider.class);

  private final SmtpConfig settings;
  private final Session session;
  private final InternetAddress from;
  private final String idDomain;
  private final Clock clock;

  public SmtpProvider(SmtpConfig settings) {
    this(settings, new Properties(), Clock.systemUTC());
  }

  /**
   * @param extra session properties laid over the built ones (a test's trust of a self-signed
   *     certificate, say)
   * @throws IllegalArgumentException when {@code from} is not an email address
   */
  public SmtpProvider(SmtpConfig settings, Properties extra, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    try {
      this.from = new InternetAddress(settings.from(), true);
    } catch (AddressException e) {
      throw new IllegalArgumentException("the sender is not an email address: " + settings.from());
    }
    String address = from.getAddress();
    this.idDomain = address.substring(address.lastIndexOf('@') + 1);
    Properties properties = properties(settings);
    properties.putAll(extra);
    this.session = Session.getInstance(properties);
  }

  static Properties properties(SmtpConfig s) {
    Properties p = new Properties();
    p.put("mail.transport.protocol", "smtp");
    p.put("mail.smtp.host", s.host());
    p.put("mail.smtp.port", String.valueOf(s.port()));
    p.put("mail.smtp.connectiontimeout", String.valueOf(s.connectTimeout().toMillis()));
    p.put("mail.smtp.timeout", String.valueOf(s.timeout().toMillis()));
    p.put("mail.smtp.writetimeout", String.valueOf(s.timeout().toMillis()));
    p.put("mail.smtp.auth", String.valueOf(s.username() != null));
    switch (s.tls()) {
      case STARTTLS -> {
        p.put("mail.smtp.starttls.enable", "true");
        // never fall back to clear text when the server does not offer STARTTLS
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.checkserveridentity", "true");
      }
      case TLS -> {
        p.put("mail.smtp.ssl.enable", "true");
        p.put("mail.smtp.ssl.checkserveridentity", "true");
      }
      case NONE -> {}
    }
    return p;
  }

  @Override
  public ProviderReceipt deliver(Delivery delivery) {
    if (delivery.channel() != Channel.EMAIL) {
      throw new IllegalArgumentException("SMTP sends emails, not " + delivery.channel());
    }
    InternetAddress to;
    try {
      to = new InternetAddress(delivery.to(), true);
    } catch (AddressException e) {
      // the message of an AddressException repeats the address
      throw ProviderException.permanent("invalid recipient address");
    }
    String messageId = messageId(delivery.idempotencyKey());
    MimeMessage message;
    try {
      message = message(delivery, to, messageId);
    } catch (MessagingException e) {
      throw ProviderException.permanent("the email could not be composed: " + e.getClass());
    }
    send(delivery.idempotencyKey(), message, to);
    log.info(
        "email {} handed to {}:{} as {}",
        delivery.idempotencyKey(),
        settings.host(),
        settings.port(),
        messageId);
    return ProviderReceipt.sent(messageId);
  }

  private void send(String key, MimeMessage message, InternetAddress to) {
    Transport transport;
    try {
      transport = session.getTransport("smtp");
    } catch (MessagingException e) {
      throw new IllegalStateException("no SMTP transport", e);
    }
    try {
      try {
        transport.connect(
            settings.host(), settings.port(), settings.username(), settings.password());
      } catch (AuthenticationFailedException e) {
        log.warn("send {}: the SMTP server refused the login (SMTP_USERNAME, SMTP_PASSWORD)", key);
        throw ProviderException.notSent("SMTP login refused", null);
      } catch (MessagingException e) {
        throw ProviderException.notSent("no SMTP connection: " + cause(e), null);
      }
      try {
        transport.sendMessage(message, new Address[] {to});
      } catch (MessagingException e) {
        throw classify(e);
      }
    } finally {
      try {
        transport.close();
      } catch (MessagingException e) {
        // the message is sent or the failure is reported: QUIT's answer changes nothing
        log.debug("send {}: closing the SMTP connection: {}", key, e.toString());
      }
    }
  }

  /** What a failure after the connection was established means for the send. */
  static ProviderException classify(MessagingException failure) {
    Integer recipient = null;
    Integer sender = null;
    Integer other = null;
    for (Exception e = failure; e != null; ) {
      if (e instanceof SMTPAddressFailedException a) {
        recipient = recipient == null ? a.getReturnCode() : Math.max(recipient, a.getReturnCode());
      } else if (e instanceof SMTPSenderFailedException s) {
        sender = s.getReturnCode();
      } else if (e instanceof SMTPSendFailedException f && other == null) {
        other = f.getReturnCode();
      }
      e = e instanceof MessagingException m ? m.getNextException() : null;
    }
    if (recipient != null) {
      return recipient >= 500
          ? ProviderException.permanent("recipient refused by the SMTP server (" + recipient + ")")
          : ProviderException.notSent(
              "recipient deferred by the SMTP server (" + recipient + ")", null);
    }
    if (sender != null) {
      // EMAIL_FROM refused: the configuration's fault, not this lead's
      return ProviderException.notSent("sender refused by the SMTP server (" + sender + ")", null);
    }
    if (other != null && other >= 500) {
      return ProviderException.permanent("email refused by the SMTP server (" + other + ")");
    }
    if (other != null && other >= 400) {
      return ProviderException.notSent("email deferred by the SMTP server (" + other + ")", null);
    }
    // no answer from the server: it may have taken the message
    return new ProviderException(
        "SMTP connection failed during the send: " + cause(failure), false, null);
  }

  private static String cause(Exception e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName();
  }

  private MimeMessage message(Delivery d, InternetAddress to, String messageId)
      throws MessagingException {
    MimeMessage message =
        new MimeMessage(session) {
          @Override
          protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
          }
        };
    message.setFrom(from);
    message.setRecipient(jakarta.mail.Message.RecipientType.TO, to);
    message.setSubject(d.subject() == null ? "" : d.subject(), "UTF-8");
    message.setSentDate(Date.from(clock.instant()));
    if (d.unsubscribeUrl() != null) {
      // RFC 8058 one-click: the mail client POSTs "List-Unsubscribe=One-Click" to the link
      message.setHeader("List-Unsubscribe", "<" + d.unsubscribeUrl() + ">");
      message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }
    if (d.replyTo() != null) {
      message.setReplyTo(new Address[] {new InternetAddress(d.replyTo(), true)});
    }
    if (d.inReplyTo() != null) {
      // in the lead's thread: mail clients group it with the first follow-up (RFC 5322 3.6.4)
      message.setHeader("In-Reply-To", d.inReplyTo());
      message.setHeader("References", d.inReplyTo());
    }
    String text = d.body() == null ? "" : d.body();
    if (d.html() == null) {
      message.setText(text, "UTF-8", "plain");
    } else {
      MimeBodyPart plain = new MimeBodyPart();
      plain.setText(text, "UTF-8", "plain");
      MimeBodyPart html = new MimeBodyPart();
      html.setText(d.html(), "UTF-8", "html");
      // the last part is the preferred one
      message.setContent(new MimeMultipart("alternative", plain, html));
    }
    message.saveChanges();
    return message;
  }

  /** The same for every attempt of one send: {@code <hash of the key@the sender's domain>}. */
  String messageId(String idempotencyKey) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      return "<" + HexFormat.of().formatHex(hash, 0, 16) + ".followup@" + idDomain + ">";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SMTP keeps no record a sender can query. */
  @Override
  public Optional<ProviderReceipt> lookup(String idempotencyKey) {
    return Optional.empty();
  }

  /**
   * False: an empty lookup proves nothing, so a send whose earlier attempt was cut off mid-send is
   * recorded UNCONFIRMED and never sent again.
   */
  @Override
  public boolean confirmsDeliveries() {
    return false;
  }

  @Override
  public String toString() {
    return settings.toString();
  }
}
