package io.followup.api.core;

import io.followup.store.Sql;
import java.util.function.Supplier;

/** The one place where database failures become answers: unreachable or busy is a 503. */
final class Database {
  private Database() {}

  static <T> T call(Supplier<T> work) {
    try {
      return work.get();
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      if (Sql.isUnavailable(e)) {
        throw ApiException.unavailable("the database");
      }
      if (Sql.isBusy(e)) {
        throw new ApiException(
            503,
            "the lead is busy with another update; nothing was changed"
                + " and the request can be retried");
      }
      throw e;
    }
  }

  static void run(Runnable work) {
    call(
        () -> {
          work.run();
          return null;
        });
  }
}
