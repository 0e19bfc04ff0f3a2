package io.cairn.compat.hadoop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.testing.Conditions;
import io.cairn.compat.contract.SharedCairnCluster;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.ContentSummary;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FsStatus;
import org.apache.hadoop.fs.LeaseRecoverable;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the contract suites do not cover: working directory, locality, checksums, identity, capabilities. */
@ExtendWith(SharedCairnCluster.class)
class CairnFileSystemTest {
  FileSystem fs;
  Path dir;

  @BeforeEach
  void open(TestInfo test) throws Exception {
    fs = FileSystem.get(SharedCairnCluster.uri(), new Configuration());
    dir = new Path("/hadoop-adapter/" + test.getTestMethod().orElseThrow().getName());
    fs.delete(dir, true);
    fs.mkdirs(dir);
  }

  @Test
  void relativePathsResolveAgainstTheWorkingDirectoryWhichStartsAtHome() throws Exception {
    String me = UserGroupInformation.getCurrentUser().getShortUserName();
    assertThat(fs.getHomeDirectory()).isEqualTo(fs.makeQualified(new Path("/user/" + me)));
    assertThat(fs.getWorkingDirectory()).isEqualTo(fs.getHomeDirectory());
    fs.setWorkingDirectory(dir);
    fs.create(new Path("rel/file")).close();
    assertThat(fs.exists(new Path(dir, "rel/file"))).isTrue();
    fs.setWorkingDirectory(new Path("rel"));
    assertThat(fs.getWorkingDirectory()).isEqualTo(fs.makeQualified(new Path(dir, "rel")));
    assertThat(fs.getFileStatus(new Path("file")).getPath()).isEqualTo(fs.makeQualified(new Path(dir, "rel/file")));
    assertThatThrownBy(() -> fs.getFileStatus(new Path("cairn://elsewhere:1/x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Wrong FS");
  }

  @Test
  void aFileKeptInTheNamespaceHasOneLocationCoveringIt() throws Exception {
    Path file = new Path(dir, "kept");
    try (FSDataOutputStream out = fs.create(file)) {
      out.write(new byte[300]);
    }
    // Split planners (FileInputFormat) take the first location of every non-empty file.
    BlockLocation[] locations = fs.getFileBlockLocations(fs.getFileStatus(file), 0, 300);
    assertThat(locations).hasSize(1);
    assertThat(locations[0].getOffset()).isZero();
    assertThat(locations[0].getLength()).isEqualTo(300);
    assertThat(locations[0].getHosts()).containsExactly(SharedCairnCluster.uri().getHost());
  }

  @Test
  void blockLocationsNameEveryBlockAndTheDataNodesHoldingIt() throws Exception {
    Path file = new Path(dir, "three-blocks");
    byte[] data = new byte[2048 + 100];
    new Random(3).nextBytes(data);
    try (FSDataOutputStream out = fs.create(file, true, 4096, (short) 2, 1024)) {
      out.write(data);
      // Visible bytes live in blocks: without it, a file this small is kept in the namespace.
      out.hflush();
    }
    // A close needs one replica reported; the second arrives with its DataNode's next report.
    Conditions.await("every block on 2 DataNodes", Duration.ofSeconds(20), () -> {
      for (BlockLocation b : fs.getFileBlockLocations(fs.getFileStatus(file), 0, data.length)) {
        if (b.getHosts().length != 2) {
          return false;
        }
      }
      return true;
    });
    BlockLocation[] all = fs.getFileBlockLocations(fs.getFileStatus(file), 0, data.length);
    assertThat(all).hasSize(3);
    assertThat(Arrays.stream(all).mapToLong(BlockLocation::getOffset)).containsExactly(0L, 1024L, 2048L);
    assertThat(Arrays.stream(all).mapToLong(BlockLocation::getLength)).containsExactly(1024L, 1024L, 100L);
    for (BlockLocation b : all) {
      assertThat(b.getHosts()).hasSize(2).containsOnly("127.0.0.1");
      assertThat(b.getNames()).allMatch(n -> n.matches("127\\.0\\.0\\.1:\\d+"));
    }
    BlockLocation[] middle = fs.getFileBlockLocations(file, 1500, 10);
    assertThat(middle).hasSize(1);
    assertThat(middle[0].getOffset()).isEqualTo(1024);
    assertThat(fs.getFileBlockLocations(file, data.length, 10)).isEmpty();
    assertThat(fs.getFileBlockLocations(dir, 0, 10)).isEmpty();
    assertThatThrownBy(() -> fs.getFileBlockLocations(file, -1, 10)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void recoverLeaseClosesAFileItsWriterLeftOpenWithWhatWasFlushed() throws Exception {
    Path file = new Path(dir, "left-open");
    byte[] data = "flushed, never closed\n".getBytes(UTF_8);
    FSDataOutputStream out = fs.create(file, true, 4096, (short) 2, 1024);
    out.write(data);
    out.hflush();
    LeaseRecoverable recoverable = (LeaseRecoverable) fs;
    assertThat(fs.hasPathCapability(file, CommonPathCapabilities.LEASE_RECOVERABLE)).isTrue();
    assertThat(recoverable.isFileClosed(file)).isFalse();
    Conditions.await("lease recovery closes " + file, Duration.ofSeconds(30), () -> recoverable.recoverLease(file));
    assertThat(recoverable.isFileClosed(file)).isTrue();
    try (FSDataInputStream in = fs.open(file)) {
      assertThat(in.readAllBytes()).startsWith(data);
    }
    assertThatThrownBy(() -> recoverable.recoverLease(dir)).isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining("Path is not a file");
  }

  @Test
  void checksumsAreEqualForEqualContentWhateverTheBlockSize() throws Exception {
    // More than a file may keep in the namespace, so that each is cut into blocks of its size.
    byte[] data = "the same bytes, cut into blocks differently\n".repeat(2000).getBytes(UTF_8);
    Path a = new Path(dir, "a");
    Path b = new Path(dir, "b");
    Path c = new Path(dir, "c");
    try (FSDataOutputStream out = fs.create(a, true, 4096, (short) 1, 512)) {
      out.write(data);
    }
    try (FSDataOutputStream out = fs.create(b, true, 4096, (short) 1, 4096)) {
      out.write(data);
    }
    try (FSDataOutputStream out = fs.create(c, true, 4096, (short) 1, 4096)) {
      out.write(data, 0, data.length - 1);
    }
    assertThat(fs.getFileChecksum(a)).isEqualTo(fs.getFileChecksum(b));
    assertThat(fs.getFileChecksum(a)).isNotEqualTo(fs.getFileChecksum(c));
    assertThat(fs.getFileChecksum(a).getAlgorithmName()).isEqualTo("MD5-of-CRC32C-512");
    assertThatThrownBy(() -> fs.getFileChecksum(dir)).isInstanceOf(FileNotFoundException.class);
  }

  @Test
  void anotherUserIsRefusedWithAccessControlException() throws Exception {
    fs.setPermission(dir, new FsPermission((short) 0755));
    UserGroupInformation alice = UserGroupInformation.createRemoteUser("alice");
    FileSystem asAlice = alice.doAs((PrivilegedExceptionAction<FileSystem>) () ->
        FileSystem.newInstance(SharedCairnCluster.uri(), new Configuration()));
    try {
      assertThat(asAlice.getHomeDirectory().toUri().getPath()).isEqualTo("/user/alice");
      assertThatThrownBy(() -> asAlice.create(new Path(dir, "not-hers"))).isInstanceOf(AccessControlException.class);
      fs.setOwner(dir, "alice", null);
      asAlice.create(new Path(dir, "hers")).close();
      assertThat(fs.getFileStatus(new Path(dir, "hers")).getOwner()).isEqualTo("alice");
    } finally {
      asAlice.close();
    }
  }

  @Test
  void createFlagsRenameOptionsAndSummariesFollowHdfs() throws Exception {
    Path file = new Path(dir, "f");
    fs.create(file).close();
    assertThatThrownBy(() -> fs.create(file, false)).isInstanceOf(FileAlreadyExistsException.class);
    assertThatThrownBy(() -> fs.createNonRecursive(new Path(dir, "missing/f"), FsPermission.getFileDefault(),
        EnumSet.of(CreateFlag.CREATE), 4096, (short) 1, 1024, null)).isInstanceOf(FileNotFoundException.class);
    assertThatThrownBy(() -> fs.create(new Path(dir, "none"), (short) 0)).isInstanceOf(IOException.class)
        .hasMessageContaining("replication factor of 0");
    assertThat(fs.exists(new Path(dir, "none"))).isFalse();

    Path touched = new Path(dir, "touched");
    assertThat(fs.createNewFile(touched)).isTrue();
    assertThat(fs.getFileStatus(touched).getLen()).isZero();
    assertThat(fs.getFileStatus(touched).getPermission()).isEqualTo(FsPermission.getFileDefault()
        .applyUMask(FsPermission.getUMask(fs.getConf())));
    assertThat(((LeaseRecoverable) fs).isFileClosed(touched)).isTrue();
    assertThat(fs.createNewFile(touched)).as("there already").isFalse();
    assertThat(fs.createNewFile(dir)).as("a directory is there").isFalse();
    assertThat(fs.createNewFile(new Path(dir, "made/on/the/way"))).isTrue();
    fs.delete(touched, false);
    fs.delete(new Path(dir, "made"), true);

    Path other = new Path(dir, "g");
    try (FSDataOutputStream out = fs.create(other)) {
      out.write(new byte[10]);
    }
    Configuration conf = new Configuration();
    conf.set("fs.AbstractFileSystem.cairn.impl", "io.cairn.client.hadoop.CairnFs");
    FileContext fc = FileContext.getFileContext(SharedCairnCluster.uri(), conf);
    assertThatThrownBy(() -> fc.rename(other, file)).isInstanceOf(FileAlreadyExistsException.class);
    fc.rename(other, file, Options.Rename.OVERWRITE);
    assertThat(fs.getFileStatus(file).getLen()).isEqualTo(10);

    assertThat(fs.setReplication(file, (short) 2)).isTrue();
    assertThat(fs.getFileStatus(file).getReplication()).isEqualTo((short) 2);
    ContentSummary summary = fs.getContentSummary(dir);
    assertThat(summary.getLength()).isEqualTo(10);
    assertThat(summary.getFileCount()).isEqualTo(1);
    assertThat(summary.getDirectoryCount()).isEqualTo(1);
    assertThat(summary.getSpaceConsumed()).isEqualTo(20);
    FsStatus status = fs.getStatus();
    assertThat(status.getCapacity()).isPositive();
    assertThat(status.getRemaining()).isPositive();
  }

  @Test
  void capabilitiesSayWhatTheStreamsAndPathsDo() throws Exception {
    Path file = new Path(dir, "caps");
    try (FSDataOutputStream out = fs.create(file)) {
      assertThat(out.hasCapability(StreamCapabilities.HFLUSH)).isTrue();
      assertThat(out.hasCapability(StreamCapabilities.HSYNC)).isTrue();
      out.write("visible".getBytes(UTF_8));
      out.hflush();
      try (FSDataInputStream in = fs.open(file)) {
        assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("visible");
      }
    }
    try (FSDataInputStream in = fs.open(file)) {
      assertThat(in.hasCapability(StreamCapabilities.READBYTEBUFFER)).isTrue();
      assertThat(in.hasCapability(StreamCapabilities.PREADBYTEBUFFER)).isTrue();
      assertThat(in.hasCapability(StreamCapabilities.UNBUFFER)).isFalse();
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocateDirect(3);
      assertThat(in.read(2, buf)).isEqualTo(3);
      assertThat(buf.flip().get()).isEqualTo((byte) 's');
    }
    assertThat(fs.hasPathCapability(file, CommonPathCapabilities.FS_APPEND)).isTrue();
    assertThat(fs.hasPathCapability(file, CommonPathCapabilities.FS_CONCAT)).isFalse();
    assertThat(fs.hasPathCapability(file, CommonPathCapabilities.FS_SYMLINKS)).isFalse();
  }
}
