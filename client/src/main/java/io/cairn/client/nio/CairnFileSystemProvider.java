package io.cairn.client.nio;

import io.cairn.client.CairnClient;
import io.cairn.client.ClientOptions;
import io.cairn.client.io.CairnOutputStream;
import io.cairn.common.error.CairnException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.spi.FileSystemProvider;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * java.nio.file for URIs {@code cairn://host:port/path} (port 9500 when left out), registered in
 * {@code META-INF/services/java.nio.file.spi.FileSystemProvider}. {@code Path.of(uri)} opens the
 * file system of a NameNode on first use, so a program needs nothing Cairn-specific beyond the
 * URI; {@code FileSystems.newFileSystem(uri, Map.of("user", name))} opens one as another user.
 * Reads are seekable channels; writes are sequential (new file, replace, or append). Copies and
 * moves between Cairn and other file systems go through the JDK's own copy (streams).
 * Thread-safe.
 */
public final class CairnFileSystemProvider extends FileSystemProvider {
  public static final String SCHEME = "cairn";
  public static final int DEFAULT_PORT = 9500;
  /** {@code newFileSystem} environment key: the user to act as (default: the current user). */
  public static final String ENV_USER = "user";

  private final Map<String, CairnNioFileSystem> systems = new ConcurrentHashMap<>();

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FileSystem newFileSystem(URI uri, Map<String, ?> env) throws IOException {
    String authority = authority(uri);
    Object user = env.get(ENV_USER);
    CairnNioFileSystem fs = connect(authority, user == null ? null : user.toString());
    if (systems.putIfAbsent(authority, fs) != null) {
      fs.close();
      throw new FileSystemAlreadyExistsException(SCHEME + "://" + authority);
    }
    return fs;
  }

  @Override
  public FileSystem getFileSystem(URI uri) {
    CairnNioFileSystem fs = systems.get(authority(uri));
    if (fs == null) {
      throw new FileSystemNotFoundException(SCHEME + "://" + authority(uri));
    }
    return fs;
  }

  /** The path a {@code cairn://} URI names; the NameNode's file system is opened if it is not yet. */
  @Override
  public Path getPath(URI uri) {
    String authority = authority(uri);
    CairnNioFileSystem fs = systems.computeIfAbsent(authority, a -> {
      try {
        return connect(a, null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    String path = uri.getPath();
    return fs.getPath(path == null || path.isEmpty() ? "/" : path);
  }

  private CairnNioFileSystem connect(String authority, String user) throws IOException {
    ClientOptions options = user == null ? ClientOptions.defaults() : ClientOptions.defaults().withUser(user);
    return new CairnNioFileSystem(this, authority, CairnClient.connect(authority, options));
  }

  void closed(CairnNioFileSystem fs) {
    systems.remove(fs.authority(), fs);
  }

  /** "host:port" of a {@code cairn://} URI; anything else is an IllegalArgumentException that says why. */
  static String authority(URI uri) {
    if (!SCHEME.equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("not a cairn:// URI: " + uri);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("no NameNode in " + uri + " (expected cairn://host:port/path)");
    }
    String host = uri.getHost();
    return host + ":" + (uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort());
  }

  static CairnPath check(Path path) {
    if (!(path instanceof CairnPath p)) {
      throw new ProviderMismatchException("not a cairn path: " + path);
    }
    return p;
  }

  @Override
  public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
      throws IOException {
    CairnPath p = check(path);
    checkOptions(options);
    String cp = p.cairnPath();
    CloseAction onClose = options.contains(StandardOpenOption.DELETE_ON_CLOSE) ? () -> delete(p) : CloseAction.NONE;
    if (options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND)) {
      CairnOutputStream out = WriteOpen.open(p.getFileSystem().client(), cp, options, attrs);
      boolean sync = options.contains(StandardOpenOption.SYNC) || options.contains(StandardOpenOption.DSYNC);
      return new CairnWriteChannel(out, sync, onClose);
    }
    return new CairnReadChannel(FileOperations.open(p), onClose);
  }

  @Override
  public InputStream newInputStream(Path path, OpenOption... options) throws IOException {
    CairnPath p = check(path);
    Set<OpenOption> set = Set.of(options);
    checkOptions(set);
    if (set.contains(StandardOpenOption.WRITE) || set.contains(StandardOpenOption.APPEND)) {
      throw new IllegalArgumentException("an input stream cannot be opened with " + set);
    }
    if (set.contains(StandardOpenOption.DELETE_ON_CLOSE)) {
      return Channels.newInputStream(newByteChannel(path, set));
    }
    return FileOperations.open(p);
  }

  /** Without options: CREATE, TRUNCATE_EXISTING, WRITE, as the NIO contract says. */
  @Override
  public OutputStream newOutputStream(Path path, OpenOption... options) throws IOException {
    CairnPath p = check(path);
    Set<OpenOption> set = options.length == 0
        ? Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)
        : new HashSet<>(Arrays.asList(options));
    checkOptions(set);
    if (set.contains(StandardOpenOption.READ)) {
      throw new IllegalArgumentException("an output stream cannot be opened with READ");
    }
    if (set.contains(StandardOpenOption.SYNC) || set.contains(StandardOpenOption.DSYNC)
        || set.contains(StandardOpenOption.DELETE_ON_CLOSE)) {
      Set<OpenOption> withWrite = new HashSet<>(set);
      withWrite.add(StandardOpenOption.WRITE);
      return Channels.newOutputStream(newByteChannel(path, withWrite));
    }
    return WriteOpen.open(p.getFileSystem().client(), p.cairnPath(), set);
  }

  /** Standard open options and NOFOLLOW_LINKS (Cairn has no links) are understood; others are refused. */
  private static void checkOptions(Set<? extends OpenOption> options) {
    for (OpenOption o : options) {
      if (!(o instanceof StandardOpenOption) && o != LinkOption.NOFOLLOW_LINKS) {
        throw new UnsupportedOperationException("cairn: open option " + o + " is not supported");
      }
    }
  }

  @Override
  public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
      throws IOException {
    CairnPath p = check(dir);
    String cp = p.cairnPath();
    try {
      return new CairnDirectoryStream(dir, p.getFileSystem().client().listDirectory(cp).iterator(), filter);
    } catch (CairnException e) {
      throw NioErrors.translate(e, cp);
    }
  }

  @Override
  public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
    CairnPath p = check(dir);
    String cp = p.cairnPath();
    int mode = WriteOpen.mode(attrs, CairnClient.DEFAULT_DIR_MODE & ~CairnClient.DEFAULT_UMASK);
    try {
      p.getFileSystem().client().mkdirs(cp, mode, false);
    } catch (CairnException e) {
      throw NioErrors.translate(e, cp);
    }
  }

  @Override
  public void delete(Path path) throws IOException {
    FileOperations.delete(check(path));
  }

  @Override
  public void copy(Path source, Path target, CopyOption... options) throws IOException {
    FileOperations.copy(check(source), check(target), options);
  }

  @Override
  public void move(Path source, Path target, CopyOption... options) throws IOException {
    FileOperations.move(check(source), check(target), options);
  }

  @Override
  public boolean isSameFile(Path path, Path path2) throws IOException {
    if (path.equals(path2)) {
      return true;
    }
    if (!(path instanceof CairnPath a) || !(path2 instanceof CairnPath b) || a.getFileSystem() != b.getFileSystem()) {
      return false;
    }
    return attributes(a).fileKey().equals(attributes(b).fileKey());
  }

  @Override
  public boolean isHidden(Path path) {
    Path name = check(path).getFileName();
    return name != null && name.toString().startsWith(".");
  }

  @Override
  public FileStore getFileStore(Path path) throws IOException {
    CairnPath p = check(path);
    attributes(p);
    return p.getFileSystem().store();
  }

  @Override
  public void checkAccess(Path path, AccessMode... modes) throws IOException {
    CairnPath p = check(path);
    FileOperations.checkAccess(p, attributes(p), Set.of(modes));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
    CairnPath p = check(path);
    if (type == BasicFileAttributeView.class) {
      return (V) new CairnAttributeView(p, "basic");
    }
    if (type == PosixFileAttributeView.class) {
      return (V) new CairnAttributeView(p, "posix");
    }
    if (type == FileOwnerAttributeView.class) {
      return (V) new CairnAttributeView(p, "owner");
    }
    return null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
      throws IOException {
    if (type != BasicFileAttributes.class && type != PosixFileAttributes.class) {
      throw new UnsupportedOperationException("cairn: no attributes of type " + type.getName());
    }
    return (A) attributes(check(path));
  }

  @Override
  public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
    return AttributeMaps.read(attributes(check(path)), attributes);
  }

  @Override
  public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
    AttributeMaps.write(new CairnAttributeView(check(path), AttributeMaps.view(attribute)), attribute, value);
  }

  CairnFileAttributes attributes(CairnPath p) throws IOException {
    String cp = p.cairnPath();
    try {
      return new CairnFileAttributes(p.getFileSystem().client().stat(cp));
    } catch (CairnException e) {
      throw NioErrors.translate(e, cp);
    }
  }
}
