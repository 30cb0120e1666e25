package io.followup.worker.provider;

import java.util.Optional;

/**
 * Where a long provider request (a call that rings, is answered and spoken to) keeps its progress,
 * so an attempt that replaces a dead one resumes it instead of starting over. In an activity it is
 * the activity's heartbeat: {@link #save} heartbeats, {@link #recalled} reads the details of the
 * previous attempt's last heartbeat.
 */
public interface SendProgress {

  /** No progress is kept: nothing to resume, nothing saved. */
  SendProgress NONE =
      new SendProgress() {
        @Override
        public Optional<String> recalled() {
          return Optional.empty();
        }

        @Override
        public void save(String details) {}
      };

  /** What an earlier attempt of this send saved last; empty if none did. */
  Optional<String> recalled();

  /**
   * Saves {@code details} for a later attempt and says this one is alive.
   *
   * @throws RuntimeException (Temporal's {@code ActivityCompletionException}) when the activity was
   *     cancelled or timed out: the caller must stop
   */
  void save(String details);
}
