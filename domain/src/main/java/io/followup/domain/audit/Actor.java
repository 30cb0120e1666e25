package io.followup.domain.audit;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Who caused an event: an API key (named by a short hash, never the key), an operator command, an
 * inbound message (Twilio's sid, the unsubscribe link) or the system (the schedule's sends, the
 * engine's own bookkeeping). Every event the store writes records the current thread's actor
 * ({@link #current}), set where a request, a command or a callback enters ({@link #as}) and the
 * system's otherwise; the request id comes the same way, from the MDC.
 *
 * @param type {@link #API_KEY}, {@link #OPERATOR}, {@link #INBOUND} or {@link #SYSTEM}
 * @param id what names the actor within its type (at most {@link #MAX_ID} characters)
 */
public record Actor(String type, String id) {
  public static final String API_KEY = "apiKey";
  public static final String OPERATOR = "operator";
  public static final String INBOUND = "inbound";
  public static final String SYSTEM = "system";
  public static final int MAX_ID = 200;

  /** The events nobody entered a thread for: the schedule's sends and the engine's bookkeeping. */
  public static final Actor ENGINE = new Actor(SYSTEM, "engine");

  private static final ThreadLocal<Actor> CURRENT = new ThreadLocal<>();

  public Actor {
    Objects.requireNonNull(type, "type");
    if (id != null && id.length() > MAX_ID) {
      id = id.substring(0, MAX_ID);
    }
  }

  public static Actor apiKey(String name) {
    return new Actor(API_KEY, name);
  }

  public static Actor operator(String name) {
    return new Actor(OPERATOR, name);
  }

  public static Actor inbound(String id) {
    return new Actor(INBOUND, id);
  }

  /** This thread's actor; {@link #ENGINE} when none was set. */
  public static Actor current() {
    Actor actor = CURRENT.get();
    return actor == null ? ENGINE : actor;
  }

  /**
   * Makes {@code actor} this thread's until {@link #clear} (a request filter's pair); prefer {@link
   * #as}.
   */
  public static void use(Actor actor) {
    CURRENT.set(actor);
  }

  public static void clear() {
    CURRENT.remove();
  }

  /** Runs {@code work} as {@code actor}, then puts the thread's actor back. */
  public static <T> T as(Actor actor, Supplier<T> work) {
    Actor before = CURRENT.get();
    CURRENT.set(actor);
    try {
      return work.get();
    } finally {
      if (before == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(before);
      }
    }
  }

  public static void as(Actor actor, Runnable work) {
    as(
        actor,
        () -> {
          work.run();
          return null;
        });
  }
}
