package io.followup.store;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The organisation's Do-Not-Contact list: E.164 numbers no text or call is sent to, whichever lead
 * has the number (the worker asks {@link JdbiLeadDirectory#doNotContact} at every send). A number
 * is listed through the API ({@link #API}: only the API removes it) or by an opt-out keyword texted
 * from it ({@link #KEYWORD}: an opt-in keyword from it removes it, so START keeps undoing STOP). A
 * number registered through the API stays {@link #API} whatever it texts.
 */
public final class DncList {
  /** Registered with {@code POST /v1/dnc/register}. */
  public static final String API = "API";

  /** The number texted an opt-out keyword (STOP, ...). */
  public static final String KEYWORD = "KEYWORD";

  private final Jdbi jdbi;
  private final Clock clock;

  public DncList(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /**
   * Lists the number as registered through the API (an entry a keyword made becomes one); a number
   * listed already stays listed.
   *
   * @param phone E.164
   * @return whether the number was not listed before
   */
  public boolean register(String phone) {
    Instant at = clock.instant();
    try {
      return jdbi.inTransaction(handle -> list(handle, phone, API, at));
    } catch (RuntimeException e) {
      if (!Sql.isUniqueViolation(e)) {
        throw e;
      }
      // registered at the same moment by another request: listed either way; make it the API's
      return jdbi.inTransaction(handle -> list(handle, phone, API, at));
    }
  }

  /**
   * @param phone E.164
   */
  public Optional<DncEntry> find(String phone) {
    return jdbi.withExtension(DncDao.class, dao -> dao.find(phone));
  }

  /**
   * Removes the number, however it was listed; its leads' own opt-out flags stay as they are.
   *
   * @return whether it was listed
   */
  public boolean remove(String phone) {
    return jdbi.withExtension(DncDao.class, dao -> dao.delete(phone)) > 0;
  }

  /** In the caller's transaction: the number texted an opt-out keyword. */
  public static void listByKeyword(Handle handle, String phone, Instant at) {
    list(handle, phone, KEYWORD, at);
  }

  /** In the caller's transaction: the number texted an opt-in keyword; an API entry stays. */
  public static void unlistByKeyword(Handle handle, String phone) {
    handle.attach(DncDao.class).deleteFrom(phone, KEYWORD);
  }

  /** Whether a text or call to {@code phone} (E.164) is forbidden. */
  static boolean contains(Handle handle, String phone) {
    return phone != null && handle.attach(DncDao.class).count(phone) > 0;
  }

  private static boolean list(Handle handle, String phone, String source, Instant at) {
    DncDao dao = handle.attach(DncDao.class);
    if (dao.insertOnce(phone, source, at) == 1) {
      return true;
    }
    if (API.equals(source)) {
      dao.setSource(phone, API);
    }
    return false;
  }
}
