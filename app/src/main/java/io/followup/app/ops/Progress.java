package io.followup.app.ops;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * What an operator command prints while it runs: a line every {@code every} leads, and the summary
 * at the end. Lines carry counts and lead ids only, never a lead's personal data.
 */
public final class Progress {
  private final PrintStream out;
  private final int every;
  private final long started = System.nanoTime();

  public Progress(PrintStream out, int every) {
    this.out = out;
    this.every = every;
  }

  /** Prints nothing (the embedded run's recovery logs its own summary). */
  public static Progress silent() {
    return new Progress(null, Integer.MAX_VALUE);
  }

  /** After lead number {@code done}: prints {@code line} every {@code every} leads. */
  public void step(long done, Supplier<String> line) {
    if (out != null && done > 0 && done % every == 0) {
      out.println(line.get() + " (" + seconds() + " s)");
    }
  }

  public void line(String text) {
    if (out != null) {
      out.println(text);
    }
  }

  public long seconds() {
    return (System.nanoTime() - started) / 1_000_000_000L;
  }
}
