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
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import java.io.IOException;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the reply mailbox over IMAP (Angus Mail, issue 21): in IDLE between reads where the server
 * has it, else by polling (see {@link #start}). At each read it takes the folder's emails not yet
 * marked, hands each to the {@link InboundEmailHandler}, and only once that returned marks it: the
 * keyword {@value #KEYWORD} and {@code \Seen} (the keyword alone decides, so a person reading the
 * mailbox changes nothing; a server without keywords gets {@code \Seen} alone). A crash between the
 * handling and the marking hands the email over again at the next poll, which the handler makes a
 * no-op (idempotent on the Message-ID); an email the handler failed on stays unmarked and is tried
 * again at the next poll; one that cannot be parsed at all is marked, counted and logged, so it
 * never blocks the others. Logs carry counts and hashed Message-IDs only, never an address, subject
 * or text.
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
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final ImapIdle idle = new ImapIdle();

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
    Store store = session.getStore(protocol(config));
    try {
      Folder folder = open(store);
      try {
        return read(store, folder);
      } finally {
        closeQuietly(folder);
      }
    } finally {
      store.close();
    }
  }

  private Folder open(Store store) throws MessagingException {
    store.connect(config.host(), config.port(), config.username(), config.password());
    Folder folder = store.getFolder(config.folder());
    folder.open(Folder.READ_WRITE);
    return folder;
  }

  static void closeQuietly(Folder folder) {
    try {
      if (folder.isOpen()) {
        folder.close(false);
      }
    } catch (MessagingException | IllegalStateException e) {
      // closed meanwhile, or the connection is gone: nothing left to close
    }
  }

  /** Reads the open folder once: each email not yet marked handed over, then marked. */
  private Poll read(Store store, Folder folder) throws MessagingException {
    int ok = 0;
    int none = 0;
    int failed = 0;
    int broken = 0;
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

  /**
   * Reads now, then until {@link #stop()}: where the server has IDLE, the folder stays open in IDLE
   * between reads (an email read a second or two after it arrived) and a fresh connection reads it
   * again every {@link ImapConfig#pollEvery()} (an IDLE connection may die silently); without IDLE,
   * it reads every {@link ImapConfig#pollEvery()}. It takes one of {@code executor}'s threads for
   * as long as it runs, and a second one a moment at the end of each IDLE: give it two.
   */
  public void start(ScheduledExecutorService executor) {
    idle.start(executor);
    executor.execute(this::run);
    log.info("reply mailbox: reading {} (at least every {})", config, config.pollEvery());
  }

  /**
   * Stops reading: an IDLE under way is ended (its folder closed from this thread), a read under
   * way finishes (an email is marked only after it was handled), and no read starts after it.
   */
  public void stop() {
    idle.stop();
    stopping.countDown();
  }

  /** Whether the reader is in (or entering) an IDLE: for tests. */
  boolean idling() {
    return idle.idling();
  }

  private boolean isStopped() {
    return idle.stopped();
  }

  private void run() {
    while (!isStopped()) {
      boolean idled = false;
      try {
        idled = connection();
      } catch (MessagingException | RuntimeException e) {
        if (!isStopped()) {
          log.warn("reply mailbox: {} not read: {}", config, e.getClass().getSimpleName());
        }
      }
      if (!idled) {
        try {
          stopping.await(Math.max(1, config.pollEvery().toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * One connection: reads the folder, then, where the server has IDLE, idles and reads again at
   * each change until the poll interval is over or {@link #stop()}.
   *
   * @return whether it idled (the next connection is due at once), or polled once (due after the
   *     poll interval)
   */
  private boolean connection() throws MessagingException {
    Store store = session.getStore(protocol(config));
    try {
      long until = System.nanoTime() + config.pollEvery().toNanos();
      Folder folder = open(store);
      try {
        boolean canIdle =
            store instanceof IMAPStore imap
                && imap.hasCapability("IDLE")
                && folder instanceof IMAPFolder;
        if (!canIdle) {
          read(store, folder);
          return false;
        }
        IMAPFolder watched = (IMAPFolder) folder;
        // the server announces a new email with the response to any command: one announced during
        // a read (after its search) is read again before the next IDLE; one announced as the IDLE
        // starts does not end it, so a command from another thread (the library's event thread
        // here) does
        AtomicBoolean announced = new AtomicBoolean();
        watched.addMessageCountListener(
            new MessageCountAdapter() {
              @Override
              public void messagesAdded(MessageCountEvent e) {
                announced.set(true);
                ImapIdle.interrupt(watched);
              }
            });
        read(store, folder);
        while (!isStopped()
            && System.nanoTime() < until
            && (announced.getAndSet(false) || idle.idle(watched, until - System.nanoTime()))) {
          read(store, folder);
        }
        return true;
      } finally {
        closeQuietly(folder);
      }
    } finally {
      store.close();
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
