package io.followup.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.followup.api.http.Answers;
import io.followup.api.http.ApiKeyFilter;
import io.followup.app.support.TestApps;
import io.followup.store.support.TestDatabases;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenAPI document against the code: every {@code /v1} route the running application's Jersey
 * serves is in the document with exactly the statuses its method declares ({@link Answers}), and
 * the document has nothing more. A route added without documenting it, a status documented but not
 * declared, or the reverse, fails here. The document validates as OpenAPI 3 and every response has
 * an example body.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenApiContractIT {
  private static final String DB = TestDatabases.create();

  static final DropwizardAppExtension<FollowUpConfiguration> APP = TestApps.onDatabase(DB);

  @AfterAll
  static void dropDatabase() {
    TestDatabases.drop(DB);
  }

  /** The document as served (without a key), parsed with references resolved. */
  private static OpenAPI served(String path) {
    String body = text(path);
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setResolveFully(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(body, null, options);
    assertThat(result.getMessages()).as("OpenAPI 3 validation").isEmpty();
    assertThat(result.getOpenAPI()).isNotNull();
    assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.");
    return result.getOpenAPI();
  }

  /** "METHOD /path" → statuses, from the document. */
  private static Map<String, Set<Integer>> documented(OpenAPI api) {
    Map<String, Set<Integer>> operations = new TreeMap<>();
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, operation) ->
                            operations.put(
                                method.name() + " " + path,
                                operation.getResponses().keySet().stream()
                                    .map(Integer::valueOf)
                                    .collect(Collectors.toCollection(TreeSet::new)))));
    return operations;
  }

  /** "METHOD /path" → statuses, from the resources the running application registered. */
  private static Map<String, Set<Integer>> inCode() {
    ResourceConfig config = APP.getEnvironment().jersey().getResourceConfig();
    Set<Class<?>> classes = new HashSet<>(config.getClasses());
    config.getInstances().forEach(instance -> classes.add(instance.getClass()));
    Map<String, Set<Integer>> operations = new TreeMap<>();
    for (Class<?> type : classes) {
      if (type.isAnnotationPresent(Path.class)) {
        collect(Resource.from(type), "", operations);
      }
    }
    return operations;
  }

  private static void collect(Resource resource, String prefix, Map<String, Set<Integer>> into) {
    String path = (prefix + "/" + resource.getPath()).replaceAll("/+", "/").replaceAll("/$", "");
    for (ResourceMethod method : resource.getResourceMethods()) {
      if (!path.startsWith("/v1")) {
        continue;
      }
      String operation = method.getHttpMethod().toUpperCase(Locale.ROOT) + " " + path;
      Answers answers = method.getInvocable().getDefinitionMethod().getAnnotation(Answers.class);
      assertThat(answers).as("%s declares its statuses with @Answers", operation).isNotNull();
      into.put(
          operation,
          Arrays.stream(answers.value()).boxed().collect(Collectors.toCollection(TreeSet::new)));
    }
    for (Resource child : resource.getChildResources()) {
      collect(child, path, into);
    }
  }

  @Test
  void everyRouteAndStatusInTheCodeIsDocumentedAndNothingElse() {
    Map<String, Set<Integer>> code = inCode();
    assertThat(code).containsKeys("POST /v1/leads/create", "PATCH /v1/leads/{leadId}");
    assertThat(documented(served("/v1/openapi.yaml"))).isEqualTo(code);
  }

  @Test
  void theJsonAndYamlDocumentsAreTheSame() {
    assertThat(served("/v1/openapi.json")).isEqualTo(served("/v1/openapi.yaml"));
    assertThat(get("/v1/openapi.json").headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/json");
    assertThat(get("/v1/openapi.yaml").headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/yaml");
  }

  @Test
  void everyResponseHasAnExampleBodyAndTheRequestIdHeader() {
    OpenAPI api = served("/v1/openapi.yaml");
    api.getPaths()
        .forEach(
            (path, item) -> {
              for (Map.Entry<io.swagger.v3.oas.models.PathItem.HttpMethod, Operation> entry :
                  item.readOperationsMap().entrySet()) {
                entry
                    .getValue()
                    .getResponses()
                    .forEach(
                        (status, response) -> check(entry.getKey() + " " + path, status, response));
              }
            });
  }

  private static void check(String operation, String status, ApiResponse response) {
    String where = operation + " " + status;
    assertThat(response.getContent()).as(where).isNotEmpty();
    for (MediaType media : response.getContent().values()) {
      boolean example =
          media.getExample() != null
              || (media.getExamples() != null && !media.getExamples().isEmpty());
      assertThat(example).as("%s has an example body", where).isTrue();
    }
    assertThat(response.getHeaders()).as(where).containsKey("X-Request-Id");
    if (status.equals("429") || status.equals("503")) {
      assertThat(response.getHeaders()).as(where).containsKey("Retry-After");
    }
  }

  @Test
  void theKeyIsTheSecuritySchemeAndOnlyTheDocumentAndTheKeylessRoutesGoWithoutIt() {
    OpenAPI api = served("/v1/openapi.yaml");
    SecurityScheme scheme = api.getComponents().getSecuritySchemes().get("apiKey");
    assertThat(scheme.getType()).isEqualTo(SecurityScheme.Type.APIKEY);
    assertThat(scheme.getIn()).isEqualTo(SecurityScheme.In.HEADER);
    assertThat(scheme.getName()).isEqualTo("x-api-key");
    assertThat(api.getSecurity()).hasSize(1);
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperations()
                    .forEach(
                        operation -> {
                          // no API key asked: no requirement at all, or another scheme only
                          // (Twilio's signature)
                          boolean open =
                              operation.getSecurity() != null
                                  && operation.getSecurity().stream()
                                      .noneMatch(r -> r.containsKey("apiKey"));
                          boolean keyless =
                              path.startsWith("/v1/openapi.")
                                  || ApiKeyFilter.KEYLESS_PREFIXES.stream()
                                      .anyMatch(prefix -> path.startsWith("/" + prefix));
                          assertThat(open).as(path).isEqualTo(keyless);
                        }));
  }

  @Test
  void theDocsPageIsServedFromTheJar() {
    HttpResponse<String> page = get("/docs");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(page.body())
        .contains("/docs/ui/swagger-ui-bundle.js", "/docs/ui/swagger-ui.css", "/docs/init.js")
        .doesNotContain("http://", "https://");
    assertThat(text("/docs/init.js")).contains("/v1/openapi.json");
    assertThat(text("/docs/ui/swagger-ui-bundle.js")).contains("SwaggerUIBundle");
    assertThat(text("/docs/ui/swagger-ui.css")).isNotEmpty();
    assertThat(get("/docs/ui/nope.js").statusCode()).isEqualTo(404);
    assertThat(get("/docs/ui/..%2Fpom.properties").statusCode()).isBetween(400, 404);
  }

  /** A GET without a key. */
  private static HttpResponse<String> get(String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String text(String path) {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }
}
