package io.followup.worker.inbound;

import io.followup.domain.inbound.InboundEmail;
import io.followup.domain.inbound.InboundEmailHandler;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessageRemovedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.StoreClosedException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import java.io.IOException;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the reply mailbox over IMAP (Angus Mail, issue 21) by polling: at each poll it connects,
 * reads the folder's emails not yet marked, hands each to the {@link InboundEmailHandler}, and only
 * once that returned marks it: the keyword {@value #KEYWORD} and {@code \Seen} (the keyword alone
 * decides, so a person reading the mailbox changes nothing; a server without keywords gets {@code
 * \Seen} alone). A crash between the handling and the marking hands the email over again at the
 * next poll, which the handler makes a no-op (idempotent on the Message-ID); an email the handler
 * failed on stays unmarked and is tried again at the next poll; one that cannot be parsed at all is
 * marked, counted and logged, so it never blocks the others. Logs carry counts and hashed
 * Message-IDs only, never an address, subject or text.
 */
public final class ImapReader {
  private static final Logger log = LoggerFactory.getLogger(ImapReader.class);

  /** The IMAP keyword of an email handled (RFC 3501 flag-keyword). */
  public static final String KEYWORD = "FollowUpRead";

  private final ImapConfig config;
  private final InboundEmailHandler handler;
  private final Session session;
  private final AtomicLong handled = new AtomicLong();
  private final AtomicLong unmatched = new AtomicLong();
  private final AtomicLong unreadable = new AtomicLong();

  public ImapReader(ImapConfig config, InboundEmailHandler handler) {
    this(config, handler, new Properties());
  }

  /**
   * @param extra session properties laid over the built ones (a test's trust of a self-signed
   *     certificate)
   */
  public ImapReader(ImapConfig config, InboundEmailHandler handler, Properties extra) {
    this.config = Objects.requireNonNull(config, "config");
    this.handler = Objects.requireNonNull(handler, "handler");
    Properties properties = properties(config);
    properties.putAll(extra);
    this.session = Session.getInstance(properties);
  }

  static Properties properties(ImapConfig c) {
    String protocol = protocol(c);
    Properties p = new Properties();
    p.put("mail.store.protocol", protocol);
    String prefix = "mail." + protocol + ".";
    p.put(prefix + "host", c.host());
    p.put(prefix + "port", String.valueOf(c.port()));
    p.put(prefix + "connectiontimeout", String.valueOf(c.timeout().toMillis()));
    p.put(prefix + "timeout", String.valueOf(c.timeout().toMillis()));
    p.put(prefix + "writetimeout", String.valueOf(c.timeout().toMillis()));
    switch (c.tls()) {
      case STARTTLS -> {
        p.put(prefix + "starttls.enable", "true");
        p.put(prefix + "starttls.required", "true");
        p.put(prefix + "ssl.checkserveridentity", "true");
      }
      case TLS -> p.put(prefix + "ssl.checkserveridentity", "true");
      case NONE -> {}
    }
    return p;
  }

  private static String protocol(ImapConfig c) {
    return c.tls() == io.followup.worker.provider.smtp.SmtpTls.TLS ? "imaps" : "imap";
  }

  /** What one poll did. */
  public record Poll(int handled, int unmatched, int failed, int unreadable) {}

  /**
   * Reads the folder once.
   *
   * @throws MessagingException when the mailbox cannot be reached or opened
   */
  public Poll poll() throws MessagingException {
    int ok = 0;
    int none = 0;
    int failed = 0;
    int broken = 0;
    Store store = session.getStore(protocol(config));
    try {
      store.connect(config.host(), config.port(), config.username(), config.password());
      Folder folder = store.getFolder(config.folder());
      folder.open(Folder.READ_WRITE);
      try {
        boolean keywords = folder.getPermanentFlags().contains(Flags.Flag.USER);
        Flags mark = new Flags(Flags.Flag.SEEN);
        if (keywords) {
          mark.add(KEYWORD);
        }
        Message[] unread =
            folder.search(
                keywords
                    ? new FlagTerm(new Flags(KEYWORD), false)
                    : new FlagTerm(new Flags(Flags.Flag.SEEN), false));
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.ENVELOPE);
        folder.fetch(unread, profile);
        for (Message message : unread) {
          InboundEmail email;
          try {
            email = MimeEmails.parse(new MimeMessage((MimeMessage) message));
          } catch (FolderClosedException | StoreClosedException e) {
            // the connection went, not the email: the next poll reads it again, unmarked
            throw e;
          } catch (MessageRemovedException e) {
            // expunged by someone else meanwhile: nothing to read or mark
            continue;
          } catch (MessagingException | IOException | RuntimeException e) {
            if (!folder.isOpen() || !store.isConnected()) {
              // a connection lost while reading (an IOException of the mail library's): not the
              // email's fault; the next poll reads it again, unmarked
              throw new FolderClosedException(folder, "connection lost while reading");
            }
            log.warn(
                "reply mailbox: email {} could not be read, marked and skipped: {}",
                message.getMessageNumber(),
                e.getClass().getSimpleName());
            message.setFlags(mark, true);
            unreadable.incrementAndGet();
            broken++;
            continue;
          }
          InboundEmailHandler.Outcome outcome;
          try {
            outcome = handler.handle(email);
          } catch (RuntimeException e) {
            // left unmarked: the next poll hands it over again
            log.warn(
                "reply mailbox: email {} not recorded yet (tried again at the next poll): {}",
                email.logId(),
                e.getClass().getSimpleName());
            failed++;
            continue;
          }
          message.setFlags(mark, true);
          if (outcome == InboundEmailHandler.Outcome.UNMATCHED) {
            unmatched.incrementAndGet();
            none++;
          } else {
            handled.incrementAndGet();
            ok++;
          }
        }
      } finally {
        folder.close(false);
      }
    } finally {
      store.close();
    }
    if (ok + none + failed + broken > 0) {
      log.info(
          "reply mailbox: {} handled, {} matched no lead, {} to retry, {} unreadable",
          ok,
          none,
          failed,
          broken);
    }
    return new Poll(ok, none, failed, broken);
  }

  /** Polls every {@link ImapConfig#pollEvery()} on {@code executor}, a failed poll logged. */
  public void start(ScheduledExecutorService executor) {
    long every = Math.max(1, config.pollEvery().toMillis());
    executor.scheduleWithFixedDelay(this::pollQuietly, 0, every, TimeUnit.MILLISECONDS);
    log.info("reply mailbox: reading {} every {} ms", config, every);
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (MessagingException | RuntimeException e) {
      log.warn("reply mailbox: {} not read: {}", config, e.getClass().getSimpleName());
    }
  }

  /** Emails matched to a lead since the start. */
  public long handled() {
    return handled.get();
  }

  /** Emails that matched no lead since the start (marked read, nothing recorded). */
  public long unmatched() {
    return unmatched.get();
  }

  /** Emails that could not be parsed since the start (marked read, nothing recorded). */
  public long unreadable() {
    return unreadable.get();
  }
}
