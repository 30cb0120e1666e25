package io.followup.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The embedded run's data directory (the H2 database with every lead's data, the generated API key)
 * is the owner's alone: the directory {@code rwx------}, the files in it {@code rw-------}, made so
 * at every start (a directory made before, or by a wider umask, is narrowed). Files H2 adds later
 * take the process's umask, but no one else can enter the directory. Where the file system has no
 * POSIX permissions, nothing is done.
 */
public final class DataDirectory {
  static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private DataDirectory() {}

  /** Creates {@code dir} if needed and makes it and its files the owner's alone. */
  public static Path ownerOnly(Path dir) {
    try {
      Files.createDirectories(dir);
      if (!posix(dir)) {
        return dir;
      }
      Files.setPosixFilePermissions(dir, DIRECTORY);
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          if (Files.isRegularFile(file)) {
            Files.setPosixFilePermissions(file, FILE);
          }
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the data directory " + dir + " private", e);
    }
  }

  /** Writes a new file readable by its owner only (created so, never readable in between). */
  static void writePrivate(Path file, String text) throws IOException {
    if (posix(file.getParent())) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
    }
    Files.writeString(file, text);
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
