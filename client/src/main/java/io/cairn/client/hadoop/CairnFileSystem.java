package io.cairn.client.hadoop;

import io.cairn.client.AdminClient;
import io.cairn.client.CairnClient;
import io.cairn.client.ClientOptions;
import io.cairn.client.CreateOptions;
import io.cairn.client.io.CairnOutputStream;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.proto.GetBlockLocationsResponse;
import io.cairn.proto.GetDatanodeReportResponse;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.ContentSummary;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LeaseRecoverable;
import org.apache.hadoop.fs.SafeMode;
import org.apache.hadoop.fs.FsStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathIsNotEmptyDirectoryException;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.impl.PathCapabilitiesSupport;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.util.Progressable;

/**
 * Cairn as a Hadoop {@link FileSystem}, for URIs {@code cairn://host:port/path} (port 9500 when
 * left out). Registered in {@code META-INF/services/org.apache.hadoop.fs.FileSystem}, so
 * {@code FileSystem.get(URI.create("cairn://nn:9500/"), conf)} finds it with the client jar on the
 * classpath. Semantics are HDFS's: relative paths resolve against the working directory (at first
 * the home directory {@code /user/NAME}), rename is HDFS's lenient rename, create makes missing
 * parents. The caller is Hadoop's current user ({@link UserGroupInformation}, as HDFS's simple
 * authentication). Thread-safe, as the {@link CairnClient} under it.
 *
 * <p>For {@code FileContext}, set {@code fs.AbstractFileSystem.cairn.impl} to {@link CairnFs}.
 *
 * <p>Hadoop configuration keys: {@value #BLOCK_SIZE_KEY} and {@value #REPLICATION_KEY}, the
 * block size and replication of files created without one (as HDFS's {@code dfs.blocksize} and
 * {@code dfs.replication}, they are the client's choice).
 */
public class CairnFileSystem extends FileSystem implements LeaseRecoverable, SafeMode {
  public static final String SCHEME = "cairn";
  public static final int DEFAULT_PORT = 9500;
  public static final String BLOCK_SIZE_KEY = "fs.cairn.block.size";
  public static final long DEFAULT_BLOCK_SIZE_BYTES = 128L << 20;
  public static final String REPLICATION_KEY = "fs.cairn.replication";
  public static final short DEFAULT_REPLICATION = 3;

  private URI uri;
  private CairnClient client;
  private Path workingDir;

  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    super.initialize(name, conf);
    setConf(conf);
    String host = name.getHost();
    if (host == null || host.isEmpty()) {
      throw new IOException("cairn: no NameNode in '" + name + "' (expected cairn://host:port/)");
    }
    uri = URI.create(SCHEME + "://" + name.getRawAuthority());
    String address = name.getPort() == -1 ? name.getHost() + ":" + DEFAULT_PORT : name.getRawAuthority();
    String user = UserGroupInformation.getCurrentUser().getShortUserName();
    client = CairnClient.connect(address, ClientOptions.defaults().withUser(user));
    workingDir = getHomeDirectory();
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public URI getUri() {
    return uri;
  }

  @Override
  protected int getDefaultPort() {
    return DEFAULT_PORT;
  }

  /** Cairn issues no delegation tokens (simple identity), so there is no service to name. */
  @Override
  public String getCanonicalServiceName() {
    return null;
  }

  /** The client this file system talks through, for calls Hadoop's API does not have. */
  public CairnClient client() {
    return client;
  }

  @Override
  public Path getWorkingDirectory() {
    return workingDir;
  }

  @Override
  public void setWorkingDirectory(Path dir) {
    workingDir = makeQualified(fixRelativePart(dir));
  }

  @Override
  public Path getHomeDirectory() {
    return makeQualified(new Path("/user/" + client.user()));
  }

  @Override
  public long getDefaultBlockSize() {
    return getConf().getLongBytes(BLOCK_SIZE_KEY, DEFAULT_BLOCK_SIZE_BYTES);
  }

  @Override
  public short getDefaultReplication() {
    return (short) getConf().getInt(REPLICATION_KEY, DEFAULT_REPLICATION);
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    try {
      return new FSDataInputStream(new CairnHadoopInputStream(client.open(cairnPath(f)), statistics));
    } catch (CairnException e) {
      throw HadoopErrors.translateForFile(e);
    }
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    return create(f, permission, overwrite, true, new short[] {replication}, blockSize, progress);
  }

  @Override
  public FSDataOutputStream createNonRecursive(Path f, FsPermission permission, EnumSet<CreateFlag> flags,
      int bufferSize, short replication, long blockSize, Progressable progress) throws IOException {
    if (flags.contains(CreateFlag.APPEND)) {
      throw new UnsupportedOperationException("cairn: createNonRecursive with APPEND; call append()");
    }
    return create(f, permission, flags.contains(CreateFlag.OVERWRITE), false, new short[] {replication}, blockSize,
        progress);
  }

  private FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, boolean parents,
      short[] replication, long blockSize, Progressable progress) throws IOException {
    CreateOptions options = createOptions(f, permission, overwrite, parents, replication[0], blockSize);
    try {
      return wrap(client.create(cairnPath(f), options), progress);
    } catch (CairnException e) {
      throw HadoopErrors.translateForCreate(e);
    }
  }

  private CreateOptions createOptions(Path f, FsPermission permission, boolean overwrite, boolean parents,
      short replication, long blockSize) throws IOException {
    if (replication < 1) {
      // As HDFS: a factor below one is refused, not taken as "the default".
      throw new IOException(f + ": requested replication factor of " + replication
          + " is less than the required minimum of 1");
    }
    FsPermission masked = (permission == null ? FsPermission.getFileDefault() : permission)
        .applyUMask(FsPermission.getUMask(getConf()));
    return CreateOptions.defaults().mode(masked.toShort() & 07777).overwrite(overwrite)
        .createParents(parents).replication(replication).blockSizeBytes(blockSize);
  }

  /**
   * As FileSystem's: false when something is at {@code f} already. The file is created and closed
   * in one NameNode call (FileSystem's creates, then closes), so it is never seen open.
   */
  @Override
  public boolean createNewFile(Path f) throws IOException {
    CreateOptions options = createOptions(f, null, false, true, getDefaultReplication(f), getDefaultBlockSize(f));
    try {
      client.createEmpty(cairnPath(f), options);
      return true;
    } catch (CairnException e) {
      if (e.code() == ErrorCode.EXISTS || e.code() == ErrorCode.IS_DIRECTORY) {
        return false;
      }
      throw HadoopErrors.translateForCreate(e);
    }
  }

  @Override
  public FSDataOutputStream append(Path f, int bufferSize, Progressable progress) throws IOException {
    try {
      return wrap(client.append(cairnPath(f)), progress);
    } catch (CairnException e) {
      throw HadoopErrors.translateForFile(e);
    }
  }

  private FSDataOutputStream wrap(CairnOutputStream out, Progressable progress) throws IOException {
    return new FSDataOutputStream(new CairnHadoopOutputStream(out, progress), statistics, out.getPos());
  }

  /** HDFS's rename: into {@code dst} when it is a directory; false for a missing source or an existing file. */
  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    try {
      return client.renameLenient(cairnPath(src), cairnPath(dst));
    } catch (CairnException e) {
      throw HadoopErrors.translate(e);
    }
  }

  /** HDFS's rename2, which FileContext uses: {@code dst} is replaced only with {@link Options.Rename#OVERWRITE}. */
  @Override
  @SuppressWarnings("deprecation")
  protected void rename(Path src, Path dst, Options.Rename... options) throws IOException {
    boolean overwrite = List.of(options).contains(Options.Rename.OVERWRITE);
    try {
      client.rename(cairnPath(src), cairnPath(dst), overwrite);
    } catch (CairnException e) {
      throw HadoopErrors.translate(e);
    }
  }

  /**
   * As HDFS: false when nothing is there, and for the root, which is never deleted (a non-empty
   * root without {@code recursive} is an error first, as for any directory).
   */
  @Override
  public boolean delete(Path f, boolean recursive) throws IOException {
    String path = cairnPath(f);
    try {
      if (path.equals("/")) {
        if (!recursive && client.list("/").iterator().hasNext()) {
          throw new PathIsNotEmptyDirectoryException("/: Directory is not empty");
        }
        return false;
      }
      return client.delete(path, recursive);
    } catch (CairnException e) {
      throw HadoopErrors.translate(e);
    }
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    List<FileStatus> out = new ArrayList<>();
    RemoteIterator<FileStatus> it = listStatusIterator(f);
    while (it.hasNext()) {
      out.add(it.next());
    }
    return out.toArray(new FileStatus[0]);
  }

  /** A page of entries at a time, so a directory of any size lists in bounded memory. */
  @Override
  public RemoteIterator<FileStatus> listStatusIterator(Path p) throws IOException {
    try {
      return new ListingRemoteIterator<>(client.list(cairnPath(p)).iterator(), st -> HadoopStatuses.fileStatus(st, uri));
    } catch (CairnException e) {
      throw HadoopErrors.translateLookup(e);
    }
  }

  /** Creates {@code f} and its missing parents; true also when it was there already, as in HDFS. */
  @Override
  public boolean mkdirs(Path f, FsPermission permission) throws IOException {
    FsPermission masked = (permission == null ? FsPermission.getDirDefault() : permission)
        .applyUMask(FsPermission.getUMask(getConf()));
    try {
      client.mkdirs(cairnPath(f), masked.toShort() & 07777, true);
      return true;
    } catch (CairnException e) {
      throw HadoopErrors.translate(e);
    }
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    try {
      return HadoopStatuses.fileStatus(client.stat(cairnPath(f)), uri);
    } catch (CairnException e) {
      throw HadoopErrors.translateLookup(e);
    }
  }

  @Override
  public BlockLocation[] getFileBlockLocations(FileStatus file, long start, long len) throws IOException {
    return file == null ? null : getFileBlockLocations(file.getPath(), start, len);
  }

  /** The blocks overlapping the range, each with the DataNodes that hold it, so schedulers can place work near the data. */
  @Override
  public BlockLocation[] getFileBlockLocations(Path p, long start, long len) throws IOException {
    if (start < 0 || len < 0) {
      throw new IllegalArgumentException("Invalid start or len parameter: start " + start + ", len " + len);
    }
    try {
      GetBlockLocationsResponse r = client.getBlockLocations(cairnPath(p), start, Math.max(len, 1));
      if (start >= r.getStatus().getLengthBytes()) {
        return new BlockLocation[0];
      }
      if (r.hasInlineData()) {
        // Kept in the namespace: one range, on the NameNode's host (split planners index the first location).
        return new BlockLocation[] {HadoopStatuses.keptInNamespace(client.nameNode(), r.getStatus().getLengthBytes())};
      }
      return HadoopStatuses.blockLocations(r.getBlocksList());
    } catch (CairnException e) {
      if (e.code() == ErrorCode.IS_DIRECTORY) {
        return new BlockLocation[0]; // a directory has no blocks, as Hadoop's default says
      }
      throw HadoopErrors.translateLookup(e);
    }
  }

  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    try {
      client.setPermission(cairnPath(p), permission.toShort() & 07777);
    } catch (CairnException e) {
      throw HadoopErrors.translate(e);
    }
  }

  /** A null owner or group leaves it unchanged; both null is an error, as in HDFS. */
  @Override
  public void setOwner(Path p, String username, String groupname) throws IOException {
    if (username == null && groupname == null) {
      throw new IOException("cairn: setOwner of " + p + " with neither a user nor a group");
    }
    try {
      client.setOwner(cairnPath(p), username, groupname);
    } catch (CairnException e) {
      throw HadoopErrors.translate(e);
    }
  }

  /** -1 leaves a time unchanged. */
  @Override
  public void setTimes(Path p, long mtime, long atime) throws IOException {
    try {
      client.setTimes(cairnPath(p), mtime, atime);
    } catch (CairnException e) {
      throw HadoopErrors.translate(e);
    }
  }

  @Override
  public boolean setReplication(Path src, short replication) throws IOException {
    try {
      return client.setReplication(cairnPath(src), replication);
    } catch (CairnException e) {
      throw HadoopErrors.translate(e);
    }
  }

  @Override
  public ContentSummary getContentSummary(Path f) throws IOException {
    try {
      return HadoopStatuses.contentSummary(client.contentSummary(cairnPath(f)));
    } catch (CairnException e) {
      throw HadoopErrors.translate(e);
    }
  }

  /** {@code MD5-of-CRC32C-512} of the whole file (it reads the file); see {@link CairnHadoopChecksum}. */
  @Override
  public org.apache.hadoop.fs.FileChecksum getFileChecksum(Path f) throws IOException {
    try {
      return new CairnHadoopChecksum(client.fileChecksum(cairnPath(f)));
    } catch (CairnException e) {
      throw HadoopErrors.translateForFile(e);
    }
  }

  /** Capacity, use and free space summed over the live DataNodes. */
  @Override
  public FsStatus getStatus(Path p) throws IOException {
    try {
      GetDatanodeReportResponse r = client.datanodeReport();
      return new FsStatus(r.getCapacityBytes(), r.getUsedBytes(), r.getRemainingBytes());
    } catch (CairnException e) {
      throw HadoopErrors.translate(e);
    }
  }

  @Override
  public boolean hasPathCapability(Path path, String capability) throws IOException {
    return switch (PathCapabilitiesSupport.validatePathCapabilityArgs(makeQualified(path), capability).toLowerCase(Locale.ROOT)) {
      case CommonPathCapabilities.FS_APPEND, CommonPathCapabilities.FS_CHECKSUMS,
          CommonPathCapabilities.FS_PERMISSIONS, CommonPathCapabilities.LEASE_RECOVERABLE -> true;
      case CommonPathCapabilities.FS_CONCAT, CommonPathCapabilities.FS_SYMLINKS, CommonPathCapabilities.FS_ACLS,
          CommonPathCapabilities.FS_XATTRS, CommonPathCapabilities.FS_SNAPSHOTS, CommonPathCapabilities.FS_STORAGEPOLICY,
          CommonPathCapabilities.FS_TRUNCATE, CommonPathCapabilities.FS_PATHHANDLES -> false;
      default -> super.hasPathCapability(path, capability);
    };
  }

  /**
   * Starts lease recovery of a file being written (as HDFS's {@code recoverLease}): true when the
   * file is closed, at once or because it was not open; false while the recovery goes on (it takes
   * a few DataNode heartbeats), so callers ask again.
   */
  @Override
  public boolean recoverLease(Path file) throws IOException {
    String path = existingFilePath(file);
    try {
      return client.recoverLease(path);
    } catch (CairnException e) {
      throw HadoopErrors.translateLookup(e);
    }
  }

  @Override
  public boolean isFileClosed(Path file) throws IOException {
    String path = existingFilePath(file);
    try {
      return !client.stat(path).getUnderConstruction();
    } catch (CairnException e) {
      throw HadoopErrors.translateLookup(e);
    }
  }

  /**
   * The NameNode's safe mode, as HDFS's {@code setSafeMode}: GET reads it; ENTER, LEAVE and
   * FORCE_EXIT (the same as LEAVE here: leaving never waits) change it and need the superuser.
   * Returns whether safe mode is on afterwards. {@code isChecked} has no meaning for one NameNode.
   */
  @Override
  public boolean setSafeMode(org.apache.hadoop.fs.SafeModeAction action, boolean isChecked) throws IOException {
    io.cairn.proto.SafeModeAction cairnAction = switch (action) {
      case GET -> io.cairn.proto.SafeModeAction.SAFE_MODE_GET;
      case ENTER -> io.cairn.proto.SafeModeAction.SAFE_MODE_ENTER;
      case LEAVE, FORCE_EXIT -> io.cairn.proto.SafeModeAction.SAFE_MODE_LEAVE;
    };
    try (AdminClient admin = AdminClient.connect(client.nameNode(), client.user())) {
      return admin.safeMode(cairnAction).getOn();
    } catch (CairnException e) {
      throw HadoopErrors.translate(e);
    }
  }

  /** The Cairn path of a file that exists, in the words HDFS uses when it does not or is a directory. */
  private String existingFilePath(Path file) throws IOException {
    String path = cairnPath(file);
    io.cairn.proto.FileStatus st;
    try {
      st = client.getFileInfo(path);
    } catch (CairnException e) {
      throw HadoopErrors.translateLookup(e);
    }
    if (st == null) {
      throw new FileNotFoundException("File does not exist: " + path);
    }
    if (st.getType() != io.cairn.proto.InodeType.FILE) {
      throw new FileNotFoundException("Path is not a file: " + path);
    }
    return path;
  }

  /** The Cairn path of {@code p}: qualified against the working directory, checked to belong here. */
  String cairnPath(Path p) {
    String path = makeQualified(p).toUri().getPath();
    return path.isEmpty() ? "/" : path;
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
    } finally {
      if (client != null) {
        client.close();
      }
    }
  }

  @Override
  public String toString() {
    return "CairnFileSystem{" + uri + ", user=" + (client == null ? "?" : client.user()) + "}";
  }
}
