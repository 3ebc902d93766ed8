import { fragmentationResults, etcdStatusCheck } from '../../src/etcd/findings.js';

export const etcdFragmentation = etcdStatusCheck(
  { id: 'etcd-fragmentation', title: 'etcd database is not mostly free space (defrag)', severity: 'warning', docs: 'https://etcd.io/docs/v3.6/op-guide/maintenance/#defragmentation' },
  fragmentationResults,
);
