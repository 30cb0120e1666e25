package io.followup.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentSubstitutorTest {
  private static final String YAML =
      "maxSize: ${DATABASE_POOL_SIZE:-16}\nlevel: ${LOG_LEVEL:-INFO}\nkeys: ${API_KEYS:-}";

  @Test
  void aVariableSetEmptyGetsItsDefaultLikeAnUnsetOne() {
    Map<String, String> env = Map.of("DATABASE_POOL_SIZE", "", "API_KEYS", "k1,k2");

    assertThat(new EnvironmentSubstitutor(env::get).replace(YAML))
        .isEqualTo("maxSize: 16\nlevel: INFO\nkeys: k1,k2");
  }

  @Test
  void dropwizardsOwnSubstitutorWouldPassTheEmptyValueOn() {
    // why the class exists: commons-text applies a default only to an unset variable
    EnvironmentVariableSubstitutor plain = new EnvironmentVariableSubstitutor(false);
    plain.setVariableResolver(Map.of("DATABASE_POOL_SIZE", "")::get);

    assertThat(plain.replace("maxSize: ${DATABASE_POOL_SIZE:-16}")).isEqualTo("maxSize: ");
  }

  @Test
  void escapedReferencesStayLiteral() {
    assertThat(new EnvironmentSubstitutor(Map.<String, String>of()::get).replace("$${NOT_A_VAR}"))
        .isEqualTo("${NOT_A_VAR}");
  }
}
