package io.cairn.client.nio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.client.MiniDataCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * java.nio.file on cairn:// as an ordinary program uses it: nothing but {@code Path.of(URI)} and
 * {@code Files}, against one in-process cluster for the class. Each test works under its own directory.
 */
class CairnNioClusterTest {
  @TempDir
  static Path tmp;

  static MiniDataCluster cluster;
  static Path root;

  Path dir;

  @BeforeAll
  static void start() throws IOException {
    cluster = MiniDataCluster.start(tmp.resolve("cluster"), 3);
    root = Path.of(URI.create("cairn://" + cluster.address() + "/"));
  }

  @AfterAll
  static void stop() throws IOException {
    root.getFileSystem().close();
    cluster.close();
  }

  @org.junit.jupiter.api.BeforeEach
  void makeDir(TestInfo test) throws IOException {
    dir = Files.createDirectories(root.resolve("t").resolve(test.getTestMethod().orElseThrow().getName()));
  }

  @Test
  void filesWrittenAndReadThroughFilesRoundTrip() throws IOException {
    Path file = dir.resolve("hello.txt");
    Files.writeString(file, "hello, cairn\n");
    assertThat(Files.readString(file)).isEqualTo("hello, cairn\n");
    assertThat(Files.size(file)).isEqualTo(13);
    assertThat(Files.exists(file)).isTrue();
    assertThat(Files.isRegularFile(file)).isTrue();
    assertThat(Files.exists(dir.resolve("missing"))).isFalse();

    Files.writeString(file, "replaced");
    assertThat(Files.readString(file)).isEqualTo("replaced");
    Files.writeString(file, " and appended", StandardOpenOption.APPEND);
    assertThat(Files.readString(file)).isEqualTo("replaced and appended");
  }

  @Test
  void readChannelsSeekAndWriteChannelsAreSequential() throws IOException {
    Path file = dir.resolve("data");
    byte[] data = new byte[300_000];
    new Random(7).nextBytes(data);
    Files.write(file, data);

    try (SeekableByteChannel ch = Files.newByteChannel(file)) {
      assertThat(ch.size()).isEqualTo(data.length);
      ByteBuffer buf = ByteBuffer.allocate(1000);
      ch.position(250_000);
      assertThat(ch.read(buf)).isEqualTo(1000);
      assertThat(buf.array()).isEqualTo(java.util.Arrays.copyOfRange(data, 250_000, 251_000));
      ByteBuffer direct = ByteBuffer.allocateDirect(10);
      ch.position(5);
      ch.read(direct);
      direct.flip();
      byte[] ten = new byte[10];
      direct.get(ten);
      assertThat(ten).isEqualTo(java.util.Arrays.copyOfRange(data, 5, 15));
      ch.position(data.length + 10L);
      assertThat(ch.read(ByteBuffer.allocate(1))).isEqualTo(-1);
    }

    try (SeekableByteChannel ch = Files.newByteChannel(dir.resolve("new"), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap("abc".getBytes(UTF_8)));
      assertThat(ch.position()).isEqualTo(3);
      assertThatThrownBy(() -> ch.position(0)).isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("sequentially");
      assertThatThrownBy(() -> ch.truncate(1)).isInstanceOf(UnsupportedOperationException.class);
    }
    assertThat(Files.readString(dir.resolve("new"))).isEqualTo("abc");
    assertThatThrownBy(() -> Files.newOutputStream(file, StandardOpenOption.WRITE))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("TRUNCATE_EXISTING");
    assertThatThrownBy(() -> Files.newByteChannel(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> Files.newByteChannel(dir.resolve("new"), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)).isInstanceOf(FileAlreadyExistsException.class);
    assertThatThrownBy(() -> Files.newInputStream(dir.resolve("missing"))).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void directoriesAreCreatedListedAndDeletedWithNioErrors() throws IOException {
    Path deep = Files.createDirectories(dir.resolve("a/b/c"));
    assertThat(Files.isDirectory(deep)).isTrue();
    assertThatThrownBy(() -> Files.createDirectory(deep)).isInstanceOf(FileAlreadyExistsException.class);
    assertThatThrownBy(() -> Files.createDirectory(dir.resolve("x/y"))).isInstanceOf(NoSuchFileException.class);
    Files.writeString(dir.resolve("a/f"), "f");
    assertThatThrownBy(() -> Files.newDirectoryStream(dir.resolve("a/f"))).isInstanceOf(NotDirectoryException.class);
    try (Stream<Path> entries = Files.list(dir.resolve("a"))) {
      assertThat(entries.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("b", "f");
    }
    assertThatThrownBy(() -> Files.delete(dir.resolve("a"))).isInstanceOf(DirectoryNotEmptyException.class);
    assertThatThrownBy(() -> Files.delete(dir.resolve("nothing"))).isInstanceOf(NoSuchFileException.class);
    assertThat(Files.deleteIfExists(dir.resolve("nothing"))).isFalse();
    Files.delete(dir.resolve("a/f"));
    assertThat(Files.exists(dir.resolve("a/f"))).isFalse();
  }

  @Test
  void walkVisitsEveryEntryOfADeepTree() throws IOException {
    Path at = dir;
    List<Path> expected = new java.util.ArrayList<>(List.of(dir));
    for (int depth = 0; depth < 40; depth++) {
      at = at.resolve("d" + depth);
      Files.createDirectory(at);
      Path leaf = at.resolve("leaf" + depth);
      Files.writeString(leaf, "x".repeat(depth));
      expected.add(at);
      expected.add(leaf);
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      assertThat(walk.toList()).containsExactlyInAnyOrderElementsOf(expected);
    }
    try (Stream<Path> found = Files.find(dir, Integer.MAX_VALUE, (p, a) -> a.isRegularFile() && a.size() == 39)) {
      assertThat(found.toList()).containsExactly(at.resolve("leaf39"));
    }
  }

  @Test
  void moveIsARenameAndCopyCopies() throws IOException {
    Path a = Files.writeString(dir.resolve("a"), "content a");
    Path b = Files.writeString(dir.resolve("b"), "content b");
    assertThatThrownBy(() -> Files.move(a, b)).isInstanceOf(FileAlreadyExistsException.class);
    Object key = Files.readAttributes(a, BasicFileAttributes.class).fileKey();
    Files.move(a, b, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertThat(Files.exists(a)).isFalse();
    assertThat(Files.readString(b)).isEqualTo("content a");
    assertThat(Files.readAttributes(b, BasicFileAttributes.class).fileKey()).isEqualTo(key);

    Path c = dir.resolve("c");
    Files.copy(b, c);
    assertThat(Files.readString(c)).isEqualTo("content a");
    assertThatThrownBy(() -> Files.copy(b, c)).isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.isSameFile(b, c)).isFalse();
    assertThatThrownBy(() -> Files.move(dir.resolve("none"), c)).isInstanceOf(NoSuchFileException.class);
  }

  /** As the JDK's own provider: REPLACE_EXISTING replaces a file or an empty directory, of either kind. */
  @Test
  void moveWithReplaceExistingReplacesTheOtherKindWhenEmpty() throws IOException {
    Path file = Files.writeString(dir.resolve("mv-file"), "moved");
    Path emptyDir = Files.createDirectory(dir.resolve("mv-empty"));
    Files.move(file, emptyDir, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.readString(emptyDir)).isEqualTo("moved");

    Path srcDir = Files.createDirectory(dir.resolve("mv-dir"));
    Files.writeString(srcDir.resolve("inside"), "x");
    Path overFile = Files.writeString(dir.resolve("mv-over"), "old");
    Files.move(srcDir, overFile, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.isDirectory(overFile)).isTrue();
    assertThat(Files.readString(overFile.resolve("inside"))).isEqualTo("x");

    Path another = Files.writeString(dir.resolve("mv-another"), "y");
    assertThatThrownBy(() -> Files.move(another, overFile, StandardCopyOption.REPLACE_EXISTING))
        .isInstanceOf(DirectoryNotEmptyException.class);
    assertThat(Files.readString(another)).isEqualTo("y");
    assertThatThrownBy(() -> Files.move(overFile, overFile.resolve("sub")))
        .isInstanceOf(FileSystemException.class).hasMessageContaining("own subtree");
  }

  @Test
  void copyBetweenTheLocalDiskAndCairnBothWays() throws IOException {
    byte[] data = new byte[1_000_000];
    new Random(11).nextBytes(data);
    Path local = Files.write(tmp.resolve("local.bin"), data);
    Path remote = dir.resolve("remote.bin");
    Files.copy(local, remote);
    assertThat(Files.readAllBytes(remote)).isEqualTo(data);

    Path back = tmp.resolve("back.bin");
    Files.copy(remote, back, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    assertThat(Files.readAllBytes(back)).isEqualTo(data);
    assertThat(Files.getLastModifiedTime(back)).isEqualTo(Files.getLastModifiedTime(remote));

    try (InputStream in = Files.newInputStream(local); OutputStream out = Files.newOutputStream(dir.resolve("streamed"))) {
      in.transferTo(out);
    }
    assertThat(Files.mismatch(local, back)).isEqualTo(-1);
    assertThat(Files.readAllBytes(dir.resolve("streamed"))).isEqualTo(data);
  }

  @Test
  void attributesReadAndSetThroughBasicAndPosixViews() throws IOException {
    Path file = Files.writeString(dir.resolve("attrs"), "12345");
    PosixFileAttributes posix = Files.readAttributes(file, PosixFileAttributes.class);
    assertThat(posix.size()).isEqualTo(5);
    assertThat(posix.isRegularFile()).isTrue();
    assertThat(PosixFilePermissions.toString(posix.permissions())).isEqualTo("rw-r--r--");
    assertThat(posix.owner().getName()).isEqualTo(io.cairn.common.rpc.CallerIdentity.currentUser());

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rwx------");
    FileTime when = FileTime.fromMillis(1_700_000_000_000L);
    Files.setLastModifiedTime(file, when);
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(when);

    Map<String, Object> some = Files.readAttributes(file, "posix:size,permissions,isDirectory");
    assertThat(some).containsEntry("size", 5L).containsEntry("isDirectory", false).containsKey("permissions");
    assertThat(Files.readAttributes(file, "*")).containsKeys("lastModifiedTime", "fileKey");
    assertThatThrownBy(() -> Files.readAttributes(file, "dos:hidden")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> Files.readAttributes(dir.resolve("none"), BasicFileAttributes.class))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void theFileStoreReportsTheClustersSpace() throws IOException {
    FileStore store = Files.getFileStore(dir);
    assertThat(store.type()).isEqualTo("cairn");
    assertThat(store.getTotalSpace()).isPositive();
    assertThat(store.getUsableSpace()).isPositive().isLessThanOrEqualTo(store.getTotalSpace());
    assertThat(store.supportsFileAttributeView("posix")).isTrue();
    assertThatThrownBy(() -> Files.getFileStore(dir.resolve("none"))).isInstanceOf(NoSuchFileException.class);
  }
}
