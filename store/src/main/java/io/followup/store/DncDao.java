package io.followup.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The Do-Not-Contact list's statements (V15); {@link DncList} holds the rules. */
public interface DncDao {

  /** 1 when listed now, 0 when listed already (two at once: one meets the primary key). */
  @SqlUpdate(
      "INSERT INTO dnc_numbers (phone, source, created_at) SELECT :phone, :source, :at"
          + " WHERE NOT EXISTS (SELECT 1 FROM dnc_numbers WHERE phone = :phone)")
  int insertOnce(String phone, String source, Instant at);

  @SqlUpdate("UPDATE dnc_numbers SET source = :source WHERE phone = :phone AND source <> :source")
  int setSource(String phone, String source);

  @SqlQuery("SELECT phone, source, created_at FROM dnc_numbers WHERE phone = :phone")
  @RegisterConstructorMapper(DncEntry.class)
  Optional<DncEntry> find(String phone);

  @SqlQuery("SELECT COUNT(*) FROM dnc_numbers WHERE phone = :phone")
  int count(String phone);

  @SqlUpdate("DELETE FROM dnc_numbers WHERE phone = :phone")
  int delete(String phone);

  @SqlUpdate("DELETE FROM dnc_numbers WHERE phone = :phone AND source = :source")
  int deleteFrom(String phone, String source);
}
