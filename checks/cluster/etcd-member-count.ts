import { memberCountResults, etcdStatusCheck } from '../../src/etcd/findings.js';

export const etcdMemberCount = etcdStatusCheck(
  { id: 'etcd-member-count', title: 'etcd has an odd number of voting members', severity: 'warning', docs: 'https://etcd.io/docs/v3.6/faq/#why-an-odd-number-of-cluster-members' },
  memberCountResults,
);
