package io.followup.app.support;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.followup.app.FollowUpApplication;
import io.followup.app.FollowUpConfiguration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The application on a clock the test owns, for tests of what happens when time passes (a step
 * falls due, a scheduled message goes, a reply comes after the attribution window). {@link
 * #advance} moves the application's clock and skips the same span on the in-memory Temporal service
 * (its time-skipping test service), so timers due within it fire at once and what they record is
 * stamped as if that time had passed: no test waits it out on the wall clock.
 *
 * <p>Only for {@code temporal.embedded} without a port (the in-process service).
 */
public class AppOnTestClock extends FollowUpApplication {
  private final TestClock clock = new TestClock();

  /** The running application of {@code app} (which must be built on this class). */
  public static AppOnTestClock of(DropwizardAppExtension<FollowUpConfiguration> app) {
    return (AppOnTestClock) app.getApplication();
  }

  @Override
  protected Clock clock() {
    return clock;
  }

  /** Now, on the application's clock. */
  public Instant now() {
    return clock.instant();
  }

  /**
   * Lets {@code by} pass: the application's clock first (so what the fired timers record is stamped
   * after their due time), then the Temporal service's, whose timers due meanwhile fire in order.
   * Returns once the service's time has passed; the work those timers started may still be running
   * (poll for its effect).
   */
  public void advance(Duration by) {
    clock.advance(by);
    TemporalTime.skip(temporal().service().getRawChannel(), by);
  }

  /**
   * The in-memory Temporal service's time (it runs ahead of the wall clock by what was skipped).
   */
  public Instant temporalTime() {
    return TemporalTime.now(temporal().service().getRawChannel());
  }
}
