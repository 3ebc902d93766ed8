import { failingChecks, isEtcdCheck, parseHealth } from '../../src/controlplane/health.js';
import type { HealthCheckLine } from '../../src/controlplane/health.js';
import type { Check, CheckResult } from '../../src/engine/types.js';

/** What a failing check means, by name prefix; etcd checks are the etcd check's. */
const MEANING: [RegExp, string][] = [
  [/^informer-sync$/, 'its caches have not synced: it started moments ago, or etcd answers slowly'],
  [/^poststarthook\//, 'a start-up hook has not finished: the apiserver is still starting, or the hook is stuck (read its log)'],
  [/^shutdown$/, 'it is shutting down'],
  [/^log$/, 'it cannot write its log'],
  [/^ping$/, 'it does not answer at all'],
  [/^(kms-providers|kms-provider-)/, 'it cannot reach its KMS provider: encrypted Secrets cannot be read or written'],
];

function meaning(check: HealthCheckLine): string {
  return MEANING.find(([pattern]) => pattern.test(check.name))?.[1] ?? 'see the apiserver log for this check';
}

function endpointResult(endpoint: '/livez' | '/readyz', text: string | undefined): CheckResult[] {
  if (text === undefined) return [];
  const report = parseHealth(text);
  const allFailing = failingChecks(report);
  const failing = allFailing.filter((c) => !isEtcdCheck(c));
  // failures of etcd checks alone are etcd-via-apiserver's, with etcd's remedies; a failure
  // without check lines (non-verbose output) is reported here with what the server said
  if (failing.length === 0 && (report.passed !== false || allFailing.length > 0)) return [];
  const lines = failing.map((c) => `[-]${c.name} failed${c.reason ? `: ${c.reason}` : ''} (${meaning(c)})`);
  const impact = endpoint === '/livez' ? 'the kubelet (or your load balancer) restarts or drops an apiserver that is not live' : 'load balancers and clients stop sending it requests until it is ready';
  return [
    {
      object: { kind: 'APIServer', name: 'kube-apiserver' },
      message: `${endpoint} fails${failing.length ? `: ${failing.map((c) => c.name).join(', ')}` : ''}; ${impact}`,
      evidence: lines.length > 0 ? lines : text.trim().split('\n').slice(-5),
      remediation: 'Read the apiserver log (`crictl logs $(crictl ps --name kube-apiserver -q)` on a control-plane node, or your provider\'s control-plane logs) for the named checks; `kubectl get --raw "/readyz?verbose"` shows them live.',
    },
  ];
}

export const apiserverHealth: Check = {
  id: 'apiserver-health',
  title: 'kube-apiserver /livez and /readyz checks that fail',
  area: 'control-plane',
  severity: 'error',
  needs: [],
  extras: ['livez', 'readyz'],
  docs: 'https://kubernetes.io/docs/reference/using-api/health-checks/',
  run(view) {
    return [...endpointResult('/livez', view.snapshot.extras.livez), ...endpointResult('/readyz', view.snapshot.extras.readyz)];
  },
};
