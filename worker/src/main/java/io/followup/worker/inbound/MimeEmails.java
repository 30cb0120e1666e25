package io.followup.worker.inbound;

import io.followup.domain.inbound.InboundEmail;
import io.followup.domain.inbound.InboundEmail.Kind;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.ParseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one email of the reply mailbox into an {@link InboundEmail} (issue 21): a delivery status
 * notification ({@code multipart/report; report-type=delivery-status}, RFC 3464) is a bounce when a
 * recipient's status is permanent ({@code 5.x.x}) and a delay otherwise; a feedback report ({@code
 * report-type=feedback-report}, RFC 5965 ARF) a complaint; an email with RFC 3834's {@code
 * Auto-Submitted} (other than {@code no}), {@code X-Autoreply}, {@code X-Autorespond}, {@code
 * Precedence: auto_reply|bulk|junk} or an auto-reply's subject ("Out of office", "Automatic reply",
 * "Auto:", ...) an auto-reply; anything else a reply, whose text is the lead's new words (the
 * quoted follow-up below them cut off).
 */
public final class MimeEmails {
  /** The most of a reply's text kept. */
  static final int MAX_TEXT = 10_000;

  private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");
  private static final Pattern STATUS =
      Pattern.compile("(?im)^Status:\\s*([245])\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern ACTION = Pattern.compile("(?im)^Action:\\s*(\\S+)");
  private static final Pattern FEEDBACK_TYPE = Pattern.compile("(?im)^Feedback-Type:\\s*(\\S+)");
  private static final Pattern AUTO_SUBJECT =
      Pattern.compile(
          "^\\s*(out of (the )?office|automatic reply|auto(matic)?[ -]?reply|auto(matic)?"
              + " response|autoresponse|auto:|abwesenheitsnotiz|r[ée]ponse automatique)",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  private static final Pattern QUOTE_HEADER =
      Pattern.compile(
          "(?m)^(On .{0,300}wrote:\\s*$|-{2,} ?Original Message ?-{2,}|From: .*$\\R(Sent|Date): )");

  private MimeEmails() {}

  /**
   * @throws MessagingException when the message cannot be read at all
   */
  public static InboundEmail parse(MimeMessage message) throws MessagingException, IOException {
    String messageId = messageId(message);
    List<String> recipients = recipients(message);
    List<String> references = new ArrayList<>();
    references.addAll(ids(message.getHeader("In-Reply-To")));
    references.addAll(ids(message.getHeader("References")));
    String subject = subject(message);
    Report report = report(message);
    if (report != null) {
      return new InboundEmail(
          messageId,
          report.kind(),
          recipients,
          List.copyOf(new LinkedHashSet<>(references)),
          report.originalIds(),
          report.originalAddresses(),
          report.status(),
          subject,
          "");
    }
    Kind kind = isAutoReply(message, subject) ? Kind.AUTO_REPLY : Kind.REPLY;
    String text = text(message);
    return new InboundEmail(
        messageId,
        kind,
        recipients,
        List.copyOf(new LinkedHashSet<>(references)),
        List.of(),
        List.of(),
        null,
        subject,
        kind == Kind.REPLY ? newWords(text) : capped(text));
  }

  /** Its Message-ID, else one made from its headers and content (the same at every read). */
  static String messageId(MimeMessage message) throws MessagingException, IOException {
    List<String> ids = ids(message.getHeader("Message-ID"));
    if (!ids.isEmpty()) {
      return ids.get(0);
    }
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    message.writeTo(raw);
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(raw.toByteArray());
      return "<" + HexFormat.of().formatHex(hash) + "@no-message-id>";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The message ids in header values ({@code <id>} each), in order. */
  static List<String> ids(String[] values) {
    List<String> ids = new ArrayList<>();
    if (values != null) {
      for (String value : values) {
        Matcher m = MESSAGE_ID.matcher(value);
        while (m.find()) {
          ids.add(m.group());
        }
      }
    }
    return ids;
  }

  private static List<String> recipients(Message message) throws MessagingException {
    Set<String> all = new LinkedHashSet<>();
    for (String header : List.of("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")) {
      all.addAll(addresses(message.getHeader(header)));
    }
    return List.copyOf(all);
  }

  private static List<String> addresses(String[] values) {
    List<String> addresses = new ArrayList<>();
    if (values == null) {
      return addresses;
    }
    for (String value : values) {
      try {
        for (InternetAddress a : InternetAddress.parseHeader(value, false)) {
          if (a.getAddress() != null) {
            addresses.add(a.getAddress());
          }
        }
      } catch (jakarta.mail.internet.AddressException e) {
        // a header that does not parse names no one
      }
    }
    return addresses;
  }

  private static String subject(MimeMessage message) throws MessagingException {
    String subject = message.getSubject();
    return subject == null ? "" : subject.strip();
  }

  /** Whether RFC 3834's headers, their common kin, or its subject say a machine wrote it. */
  static boolean isAutoReply(Message message, String subject) throws MessagingException {
    String autoSubmitted = first(message, "Auto-Submitted");
    if (autoSubmitted != null && !autoSubmitted.strip().toLowerCase(Locale.ROOT).startsWith("no")) {
      return true;
    }
    if (first(message, "X-Autoreply") != null
        || first(message, "X-Autorespond") != null
        || first(message, "X-Autoresponder") != null) {
      return true;
    }
    String precedence = first(message, "Precedence");
    if (precedence != null
        && Set.of("auto_reply", "bulk", "junk")
            .contains(precedence.strip().toLowerCase(Locale.ROOT))) {
      return true;
    }
    return AUTO_SUBJECT.matcher(subject).find();
  }

  private static String first(Message message, String header) throws MessagingException {
    String[] values = message.getHeader(header);
    return values == null || values.length == 0 ? null : values[0];
  }

  /** A delivery or feedback report's reading; null when it is none. */
  private record Report(
      Kind kind, String status, List<String> originalIds, List<String> originalAddresses) {}

  private static Report report(MimeMessage message) throws MessagingException, IOException {
    ContentType type = contentType(message.getContentType());
    if (type == null || !type.match("multipart/report")) {
      return null;
    }
    String reportType = type.getParameter("report-type");
    reportType = reportType == null ? "" : reportType.toLowerCase(Locale.ROOT);
    if (!reportType.equals("delivery-status") && !reportType.equals("feedback-report")) {
      return null;
    }
    Object content = message.getContent();
    if (!(content instanceof Multipart parts)) {
      return null;
    }
    String fields = "";
    InternetHeaders original = null;
    for (int i = 0; i < parts.getCount(); i++) {
      BodyPart part = parts.getBodyPart(i);
      ContentType partType = contentType(part.getContentType());
      if (partType == null) {
        continue;
      }
      if (partType.match("message/delivery-status")
          || partType.match("message/feedback-report")
          || partType.match("message/global-delivery-status")) {
        fields = raw(part);
      } else if (partType.match("message/rfc822")
          || partType.match("text/rfc822-headers")
          || partType.match("message/rfc822-headers")
          || partType.match("message/global")) {
        original =
            new InternetHeaders(
                new ByteArrayInputStream(raw(part).getBytes(StandardCharsets.UTF_8)));
      }
    }
    List<String> ids = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    if (original != null) {
      ids.addAll(ids(original.getHeader("Message-ID")));
      ids.addAll(ids(original.getHeader("In-Reply-To")));
      ids.addAll(ids(original.getHeader("References")));
      addresses.addAll(addresses(original.getHeader("Reply-To")));
      addresses.addAll(addresses(original.getHeader("From")));
    }
    if (reportType.equals("feedback-report")) {
      Matcher feedback = FEEDBACK_TYPE.matcher(fields);
      if (feedback.find() && feedback.group(1).equalsIgnoreCase("not-spam")) {
        return null;
      }
      return new Report(Kind.COMPLAINT, null, ids, addresses);
    }
    return new Report(
        permanent(fields) ? Kind.BOUNCE : Kind.DELAYED, status(fields), ids, addresses);
  }

  /** Whether any recipient's status is permanent ({@code 5.x.x}) or its action {@code failed}. */
  static boolean permanent(String fields) {
    Matcher status = STATUS.matcher(fields);
    boolean anyStatus = false;
    while (status.find()) {
      anyStatus = true;
      if (status.group(1).equals("5")) {
        return true;
      }
    }
    if (anyStatus) {
      return false;
    }
    Matcher action = ACTION.matcher(fields);
    while (action.find()) {
      if (action.group(1).equalsIgnoreCase("failed")) {
        return true;
      }
    }
    return false;
  }

  /** The report's first permanent status, else its first status; null when none. */
  static String status(String fields) {
    Matcher m = STATUS.matcher(fields);
    String first = null;
    while (m.find()) {
      String code = m.group(1) + "." + m.group(2) + "." + m.group(3);
      if (m.group(1).equals("5")) {
        return code;
      }
      first = first == null ? code : first;
    }
    return first;
  }

  /** A part's content as text, whatever the mail library made of it. */
  private static String raw(Part part) throws MessagingException, IOException {
    Object content = part.getContent();
    if (content instanceof String s) {
      return s;
    }
    if (content instanceof MimeMessage m) {
      StringBuilder headers = new StringBuilder();
      Enumeration<Header> all = m.getAllHeaders();
      while (all.hasMoreElements()) {
        Header h = all.nextElement();
        headers.append(h.getName()).append(": ").append(h.getValue()).append("\r\n");
      }
      return headers.append("\r\n").toString();
    }
    try (InputStream in = part.getInputStream()) {
      return new String(in.readNBytes(1_000_000), StandardCharsets.UTF_8);
    }
  }

  private static ContentType contentType(String value) {
    if (value == null) {
      return null;
    }
    try {
      return new ContentType(value);
    } catch (ParseException e) {
      return null;
    }
  }

  /** The plain text body, else the HTML's text; empty when there is neither. */
  static String text(Part part) throws MessagingException, IOException {
    if (part.isMimeType("text/plain")) {
      return String.valueOf(part.getContent());
    }
    if (part.isMimeType("text/html")) {
      return org.jsoup.Jsoup.parse(String.valueOf(part.getContent())).wholeText();
    }
    if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart parts) {
      String html = null;
      for (int i = 0; i < parts.getCount(); i++) {
        BodyPart child = parts.getBodyPart(i);
        if (Part.ATTACHMENT.equalsIgnoreCase(child.getDisposition())) {
          continue;
        }
        String text = text(child);
        if (child.isMimeType("text/plain") && !text.isBlank()) {
          return text;
        }
        if (html == null && !text.isBlank()) {
          html = text;
        }
      }
      return html == null ? "" : html;
    }
    return "";
  }

  /** The reply's own words: the quoted follow-up below them cut off, then capped. */
  static String newWords(String text) {
    String t = text.replace("\r\n", "\n");
    Matcher quote = QUOTE_HEADER.matcher(t);
    if (quote.find() && quote.start() > 0) {
      t = t.substring(0, quote.start());
    }
    StringBuilder kept = new StringBuilder();
    for (String line : t.split("\n", -1)) {
      if (!line.startsWith(">")) {
        kept.append(line).append('\n');
      }
    }
    String words = kept.toString().strip();
    return capped(words.isEmpty() ? text.strip() : words);
  }

  private static String capped(String text) {
    String t = text.strip();
    if (t.length() <= MAX_TEXT) {
      return t;
    }
    int end = Character.isHighSurrogate(t.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
    return t.substring(0, end);
  }
}
