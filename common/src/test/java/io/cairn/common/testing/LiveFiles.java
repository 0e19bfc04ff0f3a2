package io.cairn.common.testing;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The files under a folder that a running server changes meanwhile, such as a DataNode's, which
 * finalizes, moves and deletes replicas while a test looks: a file or folder that vanishes during
 * the walk is left out rather than failing it ({@code Files.walk} throws then).
 */
public final class LiveFiles {
  private LiveFiles() {}

  /** The regular files under {@code root} that {@code wanted} accepts; none when {@code root} is gone. */
  public static List<Path> under(Path root, Predicate<Path> wanted) throws IOException {
    List<Path> found = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() && wanted.test(file)) {
          found.add(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e == null || e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }
    });
    return found;
  }

  /** The regular files under {@code root} named {@code name}. */
  public static List<Path> named(Path root, String name) throws IOException {
    return under(root, p -> p.getFileName().toString().equals(name));
  }
}
