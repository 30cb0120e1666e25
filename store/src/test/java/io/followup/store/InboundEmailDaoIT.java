package io.followup.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.store.support.Engine;
import io.followup.store.support.TestDatabases;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Inbound emails (V25), once per Message-ID key, on PostgreSQL and on H2 (the embedded run). */
class InboundEmailDaoIT {
  private static final String PG = TestDatabases.create();
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  static Stream<Engine> engines() {
    return Engine.postgresAndH2(PG);
  }

  @AfterAll
  static void drop() {
    TestDatabases.drop(PG);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void anEmailIsRecordedOnceAndToldOnce(Engine engine) {
    String key = "a".repeat(48) + UUID.randomUUID().toString().substring(0, 16);
    String lead = UUID.randomUUID().toString();
    InboundEmailDao dao = engine.jdbi().onDemand(InboundEmailDao.class);

    assertThat(dao.insertOnce(key, lead, "REPLY", true, T0)).isEqualTo(1);
    assertThat(dao.insertOnce(key, lead, "REPLY", true, T0.plusSeconds(5))).isZero();

    InboundEmailDao.Recorded recorded = dao.find(key).orElseThrow();
    assertThat(recorded.leadId()).isEqualTo(lead);
    assertThat(recorded.kind()).isEqualTo("REPLY");
    assertThat(recorded.workflowPending()).isTrue();
    assertThat(recorded.receivedAt()).isEqualTo(T0);
    assertThat(dao.markTold(key)).isEqualTo(1);
    assertThat(dao.markTold(key)).isZero();
    assertThat(dao.find(key).orElseThrow().workflowPending()).isFalse();
    assertThat(dao.find("b".repeat(64))).isEmpty();
  }
}
