import { versionResults, etcdStatusCheck } from '../../src/etcd/findings.js';

export const etcdVersionSkew = etcdStatusCheck(
  { id: 'etcd-version-skew', title: 'etcd members run the same version', severity: 'warning', docs: 'https://etcd.io/docs/v3.6/upgrades/' },
  versionResults,
);
