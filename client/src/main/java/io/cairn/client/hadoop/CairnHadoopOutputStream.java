package io.cairn.client.hadoop;

import io.cairn.client.io.CairnOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.Syncable;
import org.apache.hadoop.util.Progressable;

/**
 * A {@link CairnOutputStream} as Hadoop wants it: {@link Syncable} (hflush makes the bytes
 * visible to new readers, hsync also forces them to disk on every DataNode), capabilities that say
 * so, and the caller's {@link Progressable} told after each write. {@code flush()} does nothing,
 * as in HDFS: wrapping streams call it freely and it must not cost a pipeline round trip.
 */
final class CairnHadoopOutputStream extends OutputStream implements Syncable, StreamCapabilities {
  private final CairnOutputStream out;
  private final Progressable progress;

  CairnHadoopOutputStream(CairnOutputStream out, Progressable progress) {
    this.out = out;
    this.progress = progress;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    progressed();
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    progressed();
  }

  @Override
  public void hflush() throws IOException {
    out.hflush();
  }

  @Override
  public void hsync() throws IOException {
    out.hsync();
  }

  @Override
  public boolean hasCapability(String capability) {
    return switch (capability.toLowerCase(Locale.ROOT)) {
      case StreamCapabilities.HFLUSH, StreamCapabilities.HSYNC -> true;
      default -> false;
    };
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private void progressed() {
    if (progress != null) {
      progress.progress();
    }
  }
}
