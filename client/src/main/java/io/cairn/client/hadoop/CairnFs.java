package io.cairn.client.hadoop;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Cairn for Hadoop's {@code FileContext}, which looks file systems up by configuration, not by
 * service file: set {@code fs.AbstractFileSystem.cairn.impl} to this class. Everything goes to a
 * {@link CairnFileSystem}; rename with or without OVERWRITE is one atomic NameNode call.
 */
public class CairnFs extends DelegateToFileSystem {
  public CairnFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
    super(uri, new CairnFileSystem(), conf, CairnFileSystem.SCHEME, false);
  }

  @Override
  public int getUriDefaultPort() {
    return CairnFileSystem.DEFAULT_PORT;
  }

  @Override
  @SuppressWarnings("deprecation")
  public void renameInternal(Path src, Path dst, boolean overwrite) throws IOException {
    ((CairnFileSystem) fsImpl).rename(src, dst, overwrite ? Options.Rename.OVERWRITE : Options.Rename.NONE);
  }
}
