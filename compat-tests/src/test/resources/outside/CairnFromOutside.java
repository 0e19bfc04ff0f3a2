import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * An ordinary program that knows Cairn only by a URI: it uses Hadoop's FileSystem and java.nio.file,
 * nothing from io.cairn. Run as: java -cp <client jar, its dependencies, Hadoop's client jars>
 * CairnFromOutside.java cairn://host:port/ LOCAL_DIR. Prints one line per check; exits 1 on the first
 * that fails.
 */
public class CairnFromOutside {
  public static void main(String[] args) throws Exception {
    URI cluster = URI.create(args[0]);
    Path localDir = Path.of(args[1]);

    // Hadoop's FileSystem, found through META-INF/services from the scheme alone.
    try (FileSystem fs = FileSystem.newInstance(cluster, new Configuration())) {
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path("/outside/hadoop");
      fs.mkdirs(dir);
      org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir, "greeting.txt");
      try (FSDataOutputStream out = fs.create(file, true)) {
        out.write("hello from hadoop\n".getBytes(StandardCharsets.UTF_8));
        out.hflush();
      }
      byte[] back = new byte[18];
      try (FSDataInputStream in = fs.open(file)) {
        in.readFully(0, back);
      }
      check(new String(back, StandardCharsets.UTF_8).equals("hello from hadoop\n"), "hadoop: read back what was written");
      FileStatus[] listing = fs.listStatus(dir);
      check(listing.length == 1 && listing[0].getLen() == 18, "hadoop: listStatus shows the file");
      BlockLocation[] blocks = fs.getFileBlockLocations(listing[0], 0, 18);
      check(blocks.length == 1 && Arrays.asList(blocks[0].getHosts()).contains("127.0.0.1"),
          "hadoop: block locations name the DataNode hosts " + Arrays.toString(blocks[0].getHosts()));
      check(fs.getClass().getName().equals("io.cairn.client.hadoop.CairnFileSystem"), "hadoop: " + fs.getClass().getName());
    }

    // java.nio.file, found through META-INF/services from the scheme alone.
    Path root = Path.of(cluster);
    Path dir = Files.createDirectories(root.resolve("outside/nio/deep/er"));
    Path file = Files.writeString(dir.resolve("note.txt"), "hello from nio\n");
    check(Files.readString(file).equals("hello from nio\n"), "nio: read back what was written");
    Path local = Files.write(localDir.resolve("local.bin"), new byte[300_000]);
    Path remote = root.resolve("outside/nio/copied.bin");
    Files.copy(local, remote);
    Path roundTrip = localDir.resolve("round-trip.bin");
    Files.copy(remote, roundTrip);
    check(Files.mismatch(local, roundTrip) == -1, "nio: copied local -> cairn -> local unchanged");
    try (Stream<Path> walk = Files.walk(root.resolve("outside/nio"))) {
      long entries = walk.count();
      // outside/nio, deep, deep/er, deep/er/note.txt, copied.bin
      check(entries == 5, "nio: walk finds the tree (" + entries + " entries)");
    }
    try (InputStream in = Files.newInputStream(file); OutputStream out = OutputStream.nullOutputStream()) {
      check(in.transferTo(out) == 15, "nio: input stream reads the file");
    }
    check(Files.getFileStore(file).getTotalSpace() > 0, "nio: file store reports capacity");
    root.getFileSystem().close();
    System.out.println("ALL CHECKS PASSED");
  }

  private static void check(boolean ok, String what) {
    System.out.println((ok ? "ok   " : "FAIL ") + what);
    if (!ok) {
      System.exit(1);
    }
  }
}
