package io.followup.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The OpenAPI 3 document of the {@code /v1} surface, kept by hand in {@code /openapi.yaml} (the
 * contract test holds it to the resource classes, route by route and status by status), served as
 * YAML and as JSON without a key.
 */
@Path("/v1")
public class OpenApiResource {
  /** Paths (relative to the root, as Jersey's UriInfo gives them) served without a key. */
  public static final Set<String> PUBLIC_PATHS = Set.of("v1/openapi.json", "v1/openapi.yaml");

  static final String YAML_TYPE = "application/yaml";
  private static final String RESOURCE = "/openapi.yaml";

  private final String yaml;
  private final String json;

  public OpenApiResource(ObjectMapper mapper) {
    try (InputStream in = OpenApiResource.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      this.yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      this.json =
          mapper
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(new YAMLMapper().readTree(yaml));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  @GET
  @Path("/openapi.json")
  @Produces(MediaType.APPLICATION_JSON)
  @Answers({200})
  public String json() {
    return json;
  }

  @GET
  @Path("/openapi.yaml")
  @Produces(YAML_TYPE)
  @Answers({200})
  public String yaml() {
    return yaml;
  }
}
