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

  @Test
  void aWholeScalarPlaceholderBecomesAScalarYamlReadsBackExactly() {
    Map<String, String> env =
        Map.of(
            "SECRET", "a\"b\\c #d",
            "PLAIN", "@x",
            "PORT", "8080",
            "KEY", "k1,k2",
            "NESTED", "${PORT}");
    String yaml =
        "a: \"${SECRET}\"\nb: ${PLAIN}\nc: ${PORT}\nd: ${KEY}  # keys\n- ${PLAIN}\n"
            + "e: '${PORT}'\nf: x${PORT}y\ng: ${NESTED}\nh: \"${UNSET:-it's \\ fine}\"\n"
            + "i: ${UNSET:-}\nj: ${UNSET}";
    assertThat(new EnvironmentSubstitutor(env::get).replace(yaml))
        .isEqualTo(
            "a: \"a\\\"b\\\\c #d\"\nb: \"@x\"\nc: 8080\nd: k1,k2  # keys\n- \"@x\"\n"
                + "e: \"8080\"\nf: x8080y\ng: \"${PORT}\"\nh: \"it's \\ fine\"\n"
                + "i: \nj: ${UNSET}");
  }

  @Test
  void controlCharactersAreEscaped() {
    assertThat(EnvironmentSubstitutor.doubleQuoted("a\tb\nc\u0001\u2028\u00e9"))
        .isEqualTo("\"a\\tb\\nc\\u0001\\u2028\u00e9\"");
  }
}
