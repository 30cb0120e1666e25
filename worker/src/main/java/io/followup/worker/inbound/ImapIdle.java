package io.followup.worker.inbound;

import jakarta.mail.MessagingException;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * The {@link ImapReader}'s IDLE (issue 21): one at a time on the reader's thread, ended by a change
 * in the folder, or, from another thread, by closing its folder: at the poll interval's end (a task
 * on the executor) or at {@link #stop()}. A close and the reader's thread meet under {@link #lock},
 * so a folder is closed only while it idles (or is about to), never under a read.
 */
final class ImapIdle {
  private final Object lock = new Object();
  private volatile ScheduledExecutorService executor;

  /** Whether {@link #stop()} was called; guarded by {@link #lock}. */
  private boolean stopped;

  /** The folder in IDLE, closed by another thread to end it; guarded by {@link #lock}. */
  private IMAPFolder idling;

  /** What ends the last IDLE at the poll interval's end; guarded by {@link #lock}. */
  private ScheduledFuture<?> wake;

  void start(ScheduledExecutorService executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /**
   * One IDLE of at most {@code nanos}.
   *
   * @return true when a change in the folder ended it (read it), false when the poll interval's end
   *     or {@link #stop()} did (the folder is closed)
   * @throws MessagingException when the server ended it (its connection closed)
   */
  boolean idle(IMAPFolder folder, long nanos) throws MessagingException {
    synchronized (lock) {
      if (stopped || nanos <= 0) {
        return false;
      }
      idling = folder;
      wake =
          executor.schedule(
              () -> {
                synchronized (lock) {
                  end(folder);
                }
              },
              nanos,
              TimeUnit.NANOSECONDS);
    }
    try {
      folder.idle(true);
    } catch (MessagingException | IllegalStateException e) {
      synchronized (lock) {
        if (idling == folder) {
          idling = null;
          throw e;
        }
      }
      return false; // closed by end() before or during the IDLE
    } finally {
      synchronized (lock) {
        wake.cancel(false);
      }
    }
    synchronized (lock) {
      boolean ended = idling != folder;
      idling = null;
      return !ended;
    }
  }

  /** No IDLE after this one, which ends now (its folder closed from the calling thread). */
  void stop() {
    synchronized (lock) {
      stopped = true;
      if (wake != null) {
        wake.cancel(false); // now: cancelled after the executor's shutdown, it would stay queued
      }
      end(idling);
    }
  }

  boolean stopped() {
    synchronized (lock) {
      return stopped;
    }
  }

  /** Whether an IDLE is under way (or about to start). */
  boolean idling() {
    synchronized (lock) {
      return idling != null;
    }
  }

  /** Ends {@code folder}'s IDLE by closing it, if it still idles; holding {@link #lock}. */
  private void end(IMAPFolder folder) {
    if (folder != null && idling == folder) {
      idling = null;
      ImapReader.closeQuietly(folder);
    }
  }

  /**
   * A NOOP from the calling thread, which ends an IDLE under way on {@code folder} as a change
   * would (the reader then reads the folder again).
   */
  static void interrupt(IMAPFolder folder) {
    try {
      folder.doCommand(
          protocol -> {
            protocol.simpleCommand("NOOP", null);
            return null;
          });
    } catch (MessagingException | RuntimeException e) {
      // closed meanwhile: the next connection reads the email
    }
  }
}
