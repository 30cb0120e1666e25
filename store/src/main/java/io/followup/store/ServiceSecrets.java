package io.followup.store;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Secrets the service makes for itself when none is configured, kept in {@code service_secrets} so
 * every process and every restart agrees: the first process to ask generates 256 random bits, the
 * others read them. Never logged.
 */
public final class ServiceSecrets {
  /** Signs the email unsubscribe links when {@code UNSUBSCRIBE_SECRET} is not set. */
  public static final String UNSUBSCRIBE = "unsubscribe";

  private static final int BYTES = 32;

  private final Jdbi jdbi;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public ServiceSecrets(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** The stored secret {@code name}, generated and stored first when there is none. */
  public byte[] getOrCreate(String name) {
    Optional<String> stored = find(name);
    if (stored.isEmpty()) {
      byte[] generated = new byte[BYTES];
      random.nextBytes(generated);
      try {
        jdbi.useExtension(
            Dao.class,
            dao ->
                dao.insert(name, Base64.getEncoder().encodeToString(generated), clock.instant()));
      } catch (RuntimeException e) {
        if (!Sql.isUniqueViolation(e)) {
          throw e;
        }
        // another process stored one first: that one counts
      }
      stored = find(name);
    }
    return Base64.getDecoder()
        .decode(
            stored.orElseThrow(() -> new IllegalStateException("secret " + name + " not stored")));
  }

  private Optional<String> find(String name) {
    return jdbi.withExtension(Dao.class, dao -> dao.find(name));
  }

  interface Dao {
    @SqlQuery("SELECT secret FROM service_secrets WHERE name = :name")
    Optional<String> find(String name);

    @SqlUpdate(
        "INSERT INTO service_secrets (name, secret, created_at) VALUES (:name, :secret, :at)")
    void insert(String name, String secret, java.time.Instant at);
  }
}
