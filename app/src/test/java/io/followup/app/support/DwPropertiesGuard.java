package io.followup.app.support;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Every app test class starts and ends with no {@code dw.*} system property (registered for all of
 * them through the service file and {@code junit-platform.properties}).
 *
 * <p>A Dropwizard test app's configuration overrides are {@code dw.*} system properties, set in
 * {@code before()} and put back in {@code after()}, and surefire reuses its JVMs from one class to
 * the next. So an app that is never stopped, or two apps of one class stopped in the order they
 * were started (the second one puts back the first one's value), leave an override in force for
 * whatever class runs next in that JVM: a later app with the default configuration then runs with a
 * stranger's, and fails far from the cause. This guard fails the class that leaves one, names the
 * properties, and clears them so the next class starts clean.
 */
public final class DwPropertiesGuard implements BeforeAllCallback, AfterAllCallback {
  private static final String PREFIX = "dw.";

  @Override
  public void beforeAll(ExtensionContext context) {
    Map<String, String> left = clearOverrides();
    if (!left.isEmpty()) {
      throw new IllegalStateException(
          "an earlier test class left Dropwizard overrides in force (cleared now): "
              + left.keySet());
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Map<String, String> left = clearOverrides();
    if (!left.isEmpty()) {
      throw new IllegalStateException(
          context.getDisplayName()
              + " left Dropwizard overrides in force (cleared now; stop every test app, the last"
              + " started first): "
              + left.keySet());
    }
  }

  private static Map<String, String> clearOverrides() {
    Map<String, String> left = new TreeMap<>();
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith(PREFIX)) {
        left.put(name, System.clearProperty(name));
      }
    }
    return left;
  }
}
