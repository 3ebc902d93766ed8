import { memberHealthResults, etcdStatusCheck } from '../../src/etcd/findings.js';

export const etcdMemberHealth = etcdStatusCheck(
  { id: 'etcd-member-health', title: 'every etcd member answers its health check', severity: 'error', docs: 'https://etcd.io/docs/v3.6/op-guide/monitoring/' },
  memberHealthResults,
);
