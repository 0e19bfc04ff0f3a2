package io.cairn.compat.contract;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.contract.AbstractFSContract;
import org.apache.hadoop.fs.contract.AbstractContractCreateTest;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedCairnCluster.class)
class CairnContractCreateTest extends AbstractContractCreateTest {
  @Override
  protected AbstractFSContract createContract(Configuration conf) {
    return new CairnContract(conf);
  }
}
