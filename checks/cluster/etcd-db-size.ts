import { dbSizeResults, etcdStatusCheck } from '../../src/etcd/findings.js';

export const etcdDbSize = etcdStatusCheck(
  { id: 'etcd-db-size', title: 'etcd database size stays below 75% of the quota', severity: 'warning', docs: 'https://etcd.io/docs/v3.6/op-guide/maintenance/#space-quota' },
  dbSizeResults,
);
