import { leaderResults, etcdStatusCheck } from '../../src/etcd/findings.js';

export const etcdLeader = etcdStatusCheck(
  { id: 'etcd-leader', title: 'etcd has a leader that every member follows', severity: 'error', docs: 'https://etcd.io/docs/v3.6/op-guide/failures/' },
  leaderResults,
);
