package io.followup.api.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * {@code /docs}: Swagger UI over {@code /v1/openapi.json}, every file served from this jar (the
 * page and its start script from {@code /docs/}, the UI from the {@code org.webjars:swagger-ui}
 * jar): no CDN, no key. Mapped to {@code /docs/*}.
 */
public final class DocsServlet extends HttpServlet {
  /** Where the page lives; a servlet mapping for {@code /docs/*}. */
  public static final String PATH = "/docs";

  private static final String OWN = "/docs/";
  private static final Pattern FILE = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "png", "image/png");

  private final String webjar;

  public DocsServlet() {
    this.webjar = "/META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";
  }

  /** The webjar's version, from its Maven metadata (no version written twice). */
  static String swaggerUiVersion() {
    try (InputStream in =
        DocsServlet.class.getResourceAsStream(
            "/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the swagger-ui webjar is missing from the classpath");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo();
    String resource;
    if (path == null || path.equals("/")) {
      resource = OWN + "index.html";
    } else if (path.startsWith("/ui/") && FILE.matcher(path.substring(4)).matches()) {
      resource = webjar + path.substring(4);
    } else if (path.equals("/init.js")) {
      resource = OWN + "init.js";
    } else {
      response.sendError(404);
      return;
    }
    String extension = resource.substring(resource.lastIndexOf('.') + 1);
    String type = TYPES.get(extension);
    try (InputStream in = type == null ? null : DocsServlet.class.getResourceAsStream(resource)) {
      if (in == null) {
        response.sendError(404);
        return;
      }
      response.setContentType(type);
      response.setHeader("Cache-Control", "public, max-age=3600");
      in.transferTo(response.getOutputStream());
    }
  }
}
