package io.followup.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.followup.app.FollowUpConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded run's data directory and its files are the owner's alone. */
class DataDirectoryTest {
  @TempDir Path temp;

  @Test
  void aWorldReadableDirectoryAndItsFilesAreNarrowedToTheOwner() throws Exception {
    Path dir = Files.createDirectory(temp.resolve("data"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path h2 = Files.writeString(dir.resolve("followup.mv.db"), "leads");
    Files.setPosixFilePermissions(h2, PosixFilePermissions.fromString("rw-r--r--"));

    DataDirectory.ownerOnly(dir);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(h2)))
        .isEqualTo("rw-------");
  }

  @Test
  void theGeneratedApiKeyFileIsTheOwnersAlone() throws Exception {
    FollowUpConfiguration config = new FollowUpConfiguration();
    config.embedded.dataDir = temp.resolve("fresh").toString();

    String key = EmbeddedCommand.apiKeys(config).get(0);

    Path file = temp.resolve("fresh").resolve("api-key");
    assertThat(Files.readString(file)).isEqualTo(key);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
  }
}
