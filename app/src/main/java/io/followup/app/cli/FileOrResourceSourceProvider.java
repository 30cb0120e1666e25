package io.followup.app.cli;

import io.dropwizard.configuration.ConfigurationSourceProvider;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A configuration file on disk, else one bundled in the jar ({@code config.yml}, {@code
 * embedded.yml}).
 */
public final class FileOrResourceSourceProvider implements ConfigurationSourceProvider {
  @Override
  public InputStream open(String path) throws IOException {
    File file = new File(path);
    if (file.isFile()) {
      return new FileInputStream(file);
    }
    InputStream bundled =
        getClass().getClassLoader().getResourceAsStream(path.replaceFirst("^/", ""));
    if (bundled == null) {
      throw new FileNotFoundException(path + " is neither a file nor a bundled configuration");
    }
    return bundled;
  }
}
