package io.cairn.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.client.CairnClient;
import io.cairn.client.MiniDataCluster;
import io.cairn.client.cli.CairnCli;
import io.cairn.common.rpc.CallerIdentity;
import io.cairn.proto.FileStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ordinary Unix tools through a real kernel mount of an in-process cluster, every byte compared with
 * the source. The bridge runs in its own JVM, as {@code cairn mount} runs it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KernelMountTest {
  @TempDir
  static Path tmp;

  private MiniDataCluster cluster;
  private BridgeProcess bridge;
  private CairnClient fs;
  private Path mnt;
  private Path local;
  private Path staging;

  @BeforeAll
  void mount() throws Exception {
    BridgeProcess.assumeFuseAvailable();
    // Small blocks, so files of a few MiB already span blocks.
    cluster = MiniDataCluster.start(tmp.resolve("cluster"), 3, Map.of("cairn.blocksize.default-bytes", "8388608"));
    fs = CairnClient.connect(cluster.address());
    mnt = Files.createDirectories(tmp.resolve("mnt"));
    local = Files.createDirectories(tmp.resolve("local"));
    staging = tmp.resolve("staging");
    bridge = BridgeProcess.mount(cluster.address(), mnt, tmp.resolve("bridge.log"),
        "cairn.fuse.staging.dir=" + staging);
  }

  @AfterAll
  void unmount() throws Exception {
    try {
      if (bridge != null) {
        assertThat(bridge.unmount()).as("bridge exit code; log %s", bridge.log()).isZero();
        assertThat(bridge.mounted()).isFalse();
        try (var left = Files.list(mnt)) {
          assertThat(left).as("the mount point after unmount").isEmpty();
        }
        try (var left = Files.list(staging)) {
          assertThat(left).as("staged copies after unmount").isEmpty();
        }
      }
    } finally {
      if (bridge != null) {
        bridge.close();
      }
      if (fs != null) {
        fs.close();
      }
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  /**
   * The file sizes that matter: empty, around a checksum chunk, each side of what the NameNode keeps
   * in the namespace (64 KiB) and around a chunk above it, across blocks.
   */
  private static final int[] SIZES = {0, 1, 511, 512, 513, 65_536, 65_537, 66_047, 66_048, 66_049, 1 << 20,
      (9 << 20) + 3};
  /** Where sourceTree puts its biggest file, a multi-block one. */
  private static final String BIG = placed(SIZES.length - 1);

  private static String placed(int index) {
    return "d" + (index % 3) + "/sub" + (index % 2) + "/file-" + SIZES[index] + ".bin";
  }

  /** A tree with the {@link #SIZES} that matter, plus real sources. */
  private Path sourceTree(String name) throws Exception {
    Path root = Files.createDirectories(local.resolve(name));
    Random random = new Random(name.hashCode());
    for (int i = 0; i < SIZES.length; i++) {
      Path file = root.resolve(placed(i));
      Files.createDirectories(file.getParent());
      byte[] data = new byte[SIZES[i]];
      random.nextBytes(data);
      Files.write(file, data);
    }
    Files.createDirectories(root.resolve("empty-dir"));
    Files.writeString(root.resolve("name with spaces.txt"), "spaces\n");
    Shell.run("cp", "-r", Path.of("src").toAbsolutePath().toString(), root.resolve("sources").toString());
    return root;
  }

  @Test
  @DisplayName("cp -r of a source tree in and out, diff -r clean")
  void copyTreeInAndOut() throws Exception {
    Path src = sourceTree("cp-src");
    Shell.run("cp", "-r", src.toString(), mnt.resolve("cp").toString());
    Shell.run("diff", "-r", src.toString(), mnt.resolve("cp").toString());
    Shell.run("cp", "-r", mnt.resolve("cp").toString(), local.resolve("cp-out").toString());
    Shell.run("diff", "-r", src.toString(), local.resolve("cp-out").toString());
    assertThat(fs.stat("/cp/" + BIG).getLengthBytes()).isEqualTo((9 << 20) + 3);
  }

  @Test
  @DisplayName("tar: create on the mount, extract from it, and extract into it")
  void tarCreateAndExtract() throws Exception {
    Path src = sourceTree("tar-src");
    Shell.run("tar", "-C", src.toString(), "-cf", mnt.resolve("tree.tar").toString(), ".");
    Path out = Files.createDirectories(local.resolve("tar-out"));
    Shell.run("tar", "-C", out.toString(), "-xf", mnt.resolve("tree.tar").toString());
    Shell.run("diff", "-r", src.toString(), out.toString());

    Path localTar = local.resolve("tree.tar");
    Shell.run("tar", "-C", src.toString(), "-cf", localTar.toString(), ".");
    Path in = Files.createDirectories(mnt.resolve("untarred"));
    Shell.run("tar", "-C", in.toString(), "-xf", localTar.toString());
    Shell.run("diff", "-r", src.toString(), in.toString());
    Shell.run("cmp", localTar.toString(), mnt.resolve("tree.tar").toString());
  }

  @Test
  @DisplayName("rsync -a both ways, then rsync --inplace of a changed file")
  void rsyncBothWays() throws Exception {
    Path src = sourceTree("rsync-src");
    Shell.run("rsync", "-a", src + "/", mnt.resolve("rs") + "/");
    Shell.run("diff", "-r", src.toString(), mnt.resolve("rs").toString());
    Shell.run("rsync", "-a", mnt.resolve("rs") + "/", local.resolve("rs-out") + "/");
    Shell.run("diff", "-r", src.toString(), local.resolve("rs-out").toString());

    // Change the middle of a multi-block file: --inplace rewrites only the changed blocks, in place.
    Path big = src.resolve(BIG);
    assertThat(big).exists();
    Shell.sh("printf 'CHANGED-IN-THE-MIDDLE' | dd of='" + big + "' bs=1 seek=5000000 conv=notrunc status=none");
    Shell.run("rsync", "-a", "--inplace", "--no-whole-file", src + "/", mnt.resolve("rs") + "/");
    Shell.run("diff", "-r", src.toString(), mnt.resolve("rs").toString());
    // Without --inplace: a temporary file, then a rename over the old one.
    Files.writeString(src.resolve("name with spaces.txt"), "changed\n");
    Shell.run("rsync", "-a", src + "/", mnt.resolve("rs") + "/");
    Shell.run("diff", "-r", src.toString(), mnt.resolve("rs").toString());
  }

  @Test
  @DisplayName("dd of a 512 MiB file: the same sha256 through the mount and through cairn get")
  void ddLargeFile() throws Exception {
    Path src = local.resolve("big.bin");
    Shell.run("dd", "if=/dev/urandom", "of=" + src, "bs=1M", "count=512", "status=none");
    Shell.run("dd", "if=" + src, "of=" + mnt.resolve("big.bin"), "bs=1M", "status=none");
    String expected = sha256(src);
    assertThat(sha256(mnt.resolve("big.bin"))).isEqualTo(expected);
    Path got = local.resolve("big.get");
    StringWriter err = new StringWriter();
    int rc = CairnCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
        "--namenode", cluster.address(), "get", "/big.bin", got.toString());
    assertThat(rc).as("cairn get: %s", err).isZero();
    assertThat(sha256(got)).isEqualTo(expected);
    assertThat(fs.stat("/big.bin").getLengthBytes()).isEqualTo(512L << 20);
  }

  private static String sha256(Path file) throws Exception {
    return Shell.run("sha256sum", file.toString()).split(" ")[0];
  }

  @Test
  @DisplayName("mkdir -p, mv (also over an existing file), rm -r")
  void mkdirMvRm() throws Exception {
    Shell.run("mkdir", "-p", mnt.resolve("m/a/b/c").toString());
    Files.writeString(mnt.resolve("m/a/b/c/f"), "f\n");
    Shell.run("mv", mnt.resolve("m/a").toString(), mnt.resolve("m/moved").toString());
    assertThat(Files.readString(mnt.resolve("m/moved/b/c/f"))).isEqualTo("f\n");
    assertThat(fs.exists("/m/a")).isFalse();

    Files.writeString(mnt.resolve("m/old"), "old contents\n");
    Files.writeString(mnt.resolve("m/new"), "new\n");
    Shell.run("mv", "-f", mnt.resolve("m/new").toString(), mnt.resolve("m/old").toString());
    assertThat(Files.readString(mnt.resolve("m/old"))).isEqualTo("new\n");
    assertThat(Files.exists(mnt.resolve("m/new"))).isFalse();

    Files.createDirectories(mnt.resolve("m/full/x"));
    Files.createDirectories(mnt.resolve("m/emptydir"));
    Shell.Result r = Shell.attempt("mv", "-T", mnt.resolve("m/emptydir").toString(), mnt.resolve("m/full").toString());
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).contains("Directory not empty");

    Shell.run("rm", "-r", mnt.resolve("m").toString());
    assertThat(Files.exists(mnt.resolve("m"))).isFalse();
    assertThat(fs.exists("/m")).isFalse();
  }

  @Test
  @DisplayName("ls -l and stat show Cairn's sizes, owners, modes and times; chmod, chown and touch change them")
  void attributes() throws Exception {
    Path f = mnt.resolve("attrs.txt");
    Files.write(f, new byte[12_345]);
    Shell.run("chmod", "640", f.toString());
    Shell.run("touch", "-m", "-d", "2021-03-04 05:06:07 UTC", f.toString());
    String[] st = Shell.run("stat", "-c", "%s %U %a %Y %F", f.toString()).trim().split(" ", 5);
    FileStatus cairn = fs.stat("/attrs.txt");
    assertThat(Long.parseLong(st[0])).isEqualTo(cairn.getLengthBytes()).isEqualTo(12_345);
    assertThat(st[1]).isEqualTo(CallerIdentity.currentUser()).isEqualTo(cairn.getOwner());
    assertThat(st[2]).isEqualTo("640");
    assertThat(cairn.getMode() & 0777).isEqualTo(0640);
    assertThat(Long.parseLong(st[3])).isEqualTo(1614834367L).isEqualTo(cairn.getMtimeMs() / 1000);
    assertThat(st[4]).isEqualTo("regular file");
    assertThat(Shell.run("ls", "-l", f.toString())).contains(" 12345 ").contains("-rw-r-----");

    Shell.run("chown", "nobody", f.toString());
    assertThat(fs.stat("/attrs.txt").getOwner()).isEqualTo("nobody");
    assertThat(Shell.run("stat", "-c", "%U", f.toString()).trim()).isEqualTo("nobody");
    assertThat(Shell.run("stat", "-c", "%F", mnt.toString()).trim()).isEqualTo("directory");
  }

  @Test
  @DisplayName("rewrites in place: a write in the middle, truncates shorter and longer, an append")
  void inPlaceRewrite() throws Exception {
    Path src = local.resolve("rewrite.bin");
    Path onMount = mnt.resolve("rewrite.bin");
    Shell.run("dd", "if=/dev/urandom", "of=" + src, "bs=1M", "count=20", "status=none");
    Shell.run("cp", src.toString(), onMount.toString());
    for (Path p : List.of(src, onMount)) {
      Shell.sh("dd if=/dev/zero of='" + p + "' bs=4096 seek=1000 count=300 conv=notrunc status=none");
    }
    Shell.run("cmp", src.toString(), onMount.toString());
    assertThat(fs.stat("/rewrite.bin").getLengthBytes()).isEqualTo(20L << 20);
    for (String size : List.of("12345678", "15000000", "0", "777")) {
      Shell.run("truncate", "-s", size, src.toString());
      Shell.run("truncate", "-s", size, onMount.toString());
      Shell.run("cmp", src.toString(), onMount.toString());
    }
    for (Path p : List.of(src, onMount)) {
      Shell.sh("printf 'appended\\n' >> '" + p + "'");
    }
    Shell.run("cmp", src.toString(), onMount.toString());
    assertThat(fs.stat("/rewrite.bin").getLengthBytes()).isEqualTo(777 + 9);
    try (var left = Files.list(staging)) {
      assertThat(left).as("staged copies once every file is closed").isEmpty();
    }
  }

  @Test
  @DisplayName("O_APPEND writes land at the end others moved, and concurrent >> loops lose no line")
  void appendsGoToTheCurrentEnd() throws Exception {
    Path f = mnt.resolve("appended.txt");
    // A long-lived O_APPEND descriptor (a logger) writes again after another program appended.
    Shell.sh("f='" + f + "'; echo base > \"$f\"; exec 3>>\"$f\"; echo A1 >&3; echo B1 >> \"$f\"; echo A2 >&3;"
        + " exec 3>&-");
    assertThat(Files.readString(f)).isEqualTo("base\nA1\nB1\nA2\n");
    assertThat(fs.stat("/appended.txt").getLengthBytes()).isEqualTo(14);

    Path log = mnt.resolve("shared.log");
    Shell.sh("for w in 1 2 3 4; do (for j in $(seq 1 40); do echo \"writer$w line$j\" >> '" + log + "'; done) & done;"
        + " for k in 1 2 3 4; do wait -n; done");
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).hasSize(160).doesNotHaveDuplicates().allMatch(l -> l.matches("writer[1-4] line[0-9]+"));
  }

  @Test
  @DisplayName("cp -p and tar x keep the times they set on a file before closing it")
  void timesSetBeforeCloseSurviveIt() throws Exception {
    Path stamp = local.resolve("stamp.txt");
    Files.writeString(stamp, "stamped\n");
    Shell.run("touch", "-m", "-d", "2001-02-03 04:05:06 UTC", stamp.toString());
    long expectedMs = 981_173_106_000L;
    Shell.run("cp", "-p", stamp.toString(), mnt.resolve("copied-p.txt").toString());
    assertThat(fs.stat("/copied-p.txt").getMtimeMs()).isEqualTo(expectedMs);
    Path into = Files.createDirectories(mnt.resolve("times-untarred"));
    Shell.sh("tar -C '" + local + "' -cf - stamp.txt | tar -C '" + into + "' -xf -");
    assertThat(fs.stat("/times-untarred/stamp.txt").getMtimeMs()).isEqualTo(expectedMs);
    assertThat(Files.readString(into.resolve("stamp.txt"))).isEqualTo("stamped\n");
  }

  @Test
  @DisplayName("two readers and a writer at once")
  void twoReadersAndAWriter() throws Exception {
    Path readSrc = local.resolve("shared.bin");
    Path writeSrc = local.resolve("written.bin");
    Shell.run("dd", "if=/dev/urandom", "of=" + readSrc, "bs=1M", "count=24", "status=none");
    Shell.run("dd", "if=/dev/urandom", "of=" + writeSrc, "bs=1M", "count=40", "status=none");
    Shell.run("cp", readSrc.toString(), mnt.resolve("shared.bin").toString());
    List<Process> running = List.of(
        start("dd", "if=" + writeSrc, "of=" + mnt.resolve("written.bin"), "bs=256k", "status=none"),
        start("cp", mnt.resolve("shared.bin").toString(), local.resolve("reader1.bin").toString()),
        start("cp", mnt.resolve("shared.bin").toString(), local.resolve("reader2.bin").toString()));
    for (Process p : running) {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(String.join(" ", p.info().arguments().orElse(new String[0]))).isZero();
    }
    Shell.run("cmp", readSrc.toString(), local.resolve("reader1.bin").toString());
    Shell.run("cmp", readSrc.toString(), local.resolve("reader2.bin").toString());
    Shell.run("cmp", writeSrc.toString(), mnt.resolve("written.bin").toString());
  }

  private static Process start(String... command) throws Exception {
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  @Test
  @DisplayName("df shows Cairn's capacity")
  void dfShowsCapacity() throws Exception {
    long usedBefore = fs.datanodeReport().getUsedBytes();
    String[] lines = Shell.run("df", "-B1", "--output=size,used,avail", mnt.toString()).trim().split("\n");
    String[] sizes = lines[1].trim().split("\\s+");
    var report = fs.datanodeReport();
    long capacity = report.getCapacityBytes();
    assertThat(Long.parseLong(sizes[0])).isEqualTo(capacity / 4096 * 4096).isPositive();
    // Used is what Cairn holds (as cairn df says), not everything else on the DataNodes' disks.
    assertThat(Long.parseLong(sizes[1])).isLessThanOrEqualTo(Math.max(usedBefore, report.getUsedBytes()) + 2 * 4096);
    assertThat(Long.parseLong(sizes[2])).isPositive().isLessThanOrEqualTo(capacity);
  }

  @Test
  @DisplayName("failures reach programs as the right errno")
  void errnos() throws Exception {
    Files.createDirectories(mnt.resolve("e/dir/child"));
    Files.writeString(mnt.resolve("e/file"), "x");
    assertThatThrownBy(() -> Files.createDirectory(mnt.resolve("e/dir"))).isInstanceOf(FileAlreadyExistsException.class);
    assertThatThrownBy(() -> Files.delete(mnt.resolve("e/dir"))).isInstanceOf(DirectoryNotEmptyException.class);
    assertThatThrownBy(() -> Files.readAllBytes(mnt.resolve("e/missing"))).isInstanceOf(NoSuchFileException.class);
    assertThat(Shell.attempt("rmdir", mnt.resolve("e/file").toString()).output()).contains("Not a directory");
    assertThat(Shell.attempt("cat", mnt.resolve("e/dir").toString()).output()).contains("Is a directory");
    assertThat(Shell.attempt("mkdir", mnt.resolve("e/file/sub").toString()).output()).contains("Not a directory");
    assertThat(Shell.attempt("ls", mnt.resolve("e/missing").toString()).output()).contains("No such file");
    // The bridge answered every one and is still serving.
    assertThat(Files.readString(mnt.resolve("e/file"))).isEqualTo("x");
  }
}
