import { ETCD_DEFAULT_QUOTA_BYTES, ETCD_SIZE_ERROR, ETCD_SIZE_WARNING, storageSize } from '../../src/controlplane/etcd.js';
import { failingChecks, isEtcdCheck, parseHealth } from '../../src/controlplane/health.js';
import type { Check, CheckResult, ObjectRef } from '../../src/engine/types.js';
import { formatBytes } from '../../src/workload/quantity.js';

const ETCD: ObjectRef = { kind: 'etcd', name: 'etcd' };

export const etcdViaApiserver: Check = {
  id: 'etcd-via-apiserver',
  title: "etcd as the apiserver sees it: its health checks and the database size against the quota",
  area: 'etcd',
  severity: 'error',
  needs: [],
  extras: ['readyz', 'livez', 'metrics'],
  docs: 'https://etcd.io/docs/v3.5/op-guide/maintenance/#space-quota',
  run(view, { thresholds }): CheckResult[] {
    const results: CheckResult[] = [];
    const { readyz, livez, metrics } = view.snapshot.extras;
    const failing = [livez, readyz].flatMap((text) => (text === undefined ? [] : failingChecks(parseHealth(text)).filter(isEtcdCheck)));
    const names = [...new Set(failing.map((c) => c.name))];
    if (names.length > 0) {
      results.push({
        object: ETCD,
        message: `the apiserver cannot use etcd (${names.join(', ')} failing): reads and writes of every object fail or hang`,
        evidence: failing.map((c) => `[-]${c.name} failed${c.reason ? `: ${c.reason}` : ''}`),
        remediation: 'Check etcd itself: `etcdctl endpoint health --cluster` and `etcdctl alarm list` with the apiserver-etcd-client certificate (`k8sdoc etcd` commands do this); a NOSPACE alarm needs compaction, defrag and `alarm disarm`.',
      });
    }
    // with etcd's own status collected, etcd-db-size judges the size against the real quota
    const size = metrics === undefined || view.snapshot.extras.etcd !== undefined ? undefined : storageSize(metrics);
    if (size) {
      const quota = thresholds.etcdQuotaBytes;
      const share = size.bytes / quota;
      if (share >= ETCD_SIZE_WARNING) {
        const percent = Math.round(share * 100);
        results.push({
          object: ETCD,
          severity: share >= ETCD_SIZE_ERROR ? 'error' : 'warning',
          message: `the etcd database is ${formatBytes(size.bytes)}, ${percent}% of ${quota === ETCD_DEFAULT_QUOTA_BYTES ? "etcd's default" : 'the'} ${formatBytes(quota)} quota: at the quota etcd raises a NOSPACE alarm and refuses every write`,
          evidence: [`${size.metric}${Object.keys(size.labels).length ? `{${Object.entries(size.labels).map(([k, v]) => `${k}="${v}"`).join(',')}}` : ''} ${size.bytes}`, `warning from ${ETCD_SIZE_WARNING * 100}% of the quota, error from ${ETCD_SIZE_ERROR * 100}%${quota === ETCD_DEFAULT_QUOTA_BYTES ? ' (set thresholds.etcdQuotaBytes when --quota-backend-bytes differs)' : ''}`],
          remediation: 'Compact and defragment etcd (`etcdctl compact`, then `etcdctl defrag` one member at a time), find what grows (many Events, large ConfigMaps/CRs), or raise --quota-backend-bytes (8 GiB at most is advised; then set thresholds.etcdQuotaBytes to match).',
        });
      }
    }
    return results;
  },
};
