package io.cairn.compat.contract;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.contract.AbstractFSContract;
import org.apache.hadoop.fs.contract.AbstractContractSafeModeTest;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedCairnCluster.class)
class CairnContractSafeModeTest extends AbstractContractSafeModeTest {
  @Override
  protected AbstractFSContract createContract(Configuration conf) {
    return new CairnContract(conf);
  }
}
