package io.cairn.compat.contract;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.contract.AbstractContractAppendTest;
import org.apache.hadoop.fs.contract.AbstractFSContract;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedCairnCluster.class)
class CairnContractAppendTest extends AbstractContractAppendTest {
  @Override
  protected AbstractFSContract createContract(Configuration conf) {
    return new CairnContract(conf);
  }

  /**
   * A known gap, not a contract option: an open output stream names its file by path in AddBlock,
   * Fsync and Complete, so after a rename its next call finds nothing there. HDFS names the file by
   * inode id in those calls; Cairn's ClientProtocol needs the same (docs/java-api.md, "Not yet").
   */
  @Test
  @Disabled("writers follow their file by path, not inode id: a rename while writing fails the writer")
  @Override
  public void testRenameFileBeingAppended() {}
}
