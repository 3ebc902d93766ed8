import { alarmResults, etcdStatusCheck } from '../../src/etcd/findings.js';

export const etcdAlarm = etcdStatusCheck(
  { id: 'etcd-alarm', title: 'no etcd alarm (NOSPACE, CORRUPT) is raised', severity: 'error', docs: 'https://etcd.io/docs/v3.6/op-guide/maintenance/#space-quota' },
  alarmResults,
);
