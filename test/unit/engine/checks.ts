import type { Check, CheckResult } from '../../../src/engine/types.js';
import type { Pod } from '../../../src/kube/types.js';
import { refOf } from '../../../src/engine/view.js';

/** Tiny test-only checks: they exercise the engine without depending on the real catalog. */

export const waitingPods: Check = {
  id: 'test-waiting',
  title: 'Containers waiting',
  area: 'pods',
  severity: 'error',
  needs: ['pods'],
  docs: 'https://example.invalid/docs/test-waiting',
  run(view) {
    return view.pods().flatMap((pod: Pod): CheckResult[] =>
      (pod.status?.containerStatuses ?? [])
        .filter((status) => status.state?.waiting)
        .map((status) => ({
          object: refOf(pod, 'Pod'),
          message: `container ${status.name} is waiting: ${status.state?.waiting?.reason ?? ''}`,
          evidence: [`restartCount: ${status.restartCount}`],
          remediation: 'fix the container',
          ...(status.state?.waiting?.reason === 'ImagePullBackOff' ? { severity: 'warning' as const } : {}),
        })),
    );
  },
};

export const cordonedNodes: Check = {
  id: 'test-cordoned',
  title: 'Cordoned nodes',
  area: 'nodes',
  severity: 'info',
  needs: ['nodes'],
  docs: 'https://example.invalid/docs/test-cordoned',
  run(view) {
    return view
      .nodes()
      .filter((node) => node.spec?.unschedulable)
      .map((node) => ({ object: refOf(node, 'Node'), message: `node ${node.metadata.name} is cordoned`, evidence: [], remediation: 'uncordon it' }));
  },
};

export const throwing: Check = {
  id: 'test-throws',
  title: 'A check with a bug',
  area: 'workloads',
  severity: 'warning',
  needs: ['pods'],
  docs: 'https://example.invalid/docs/test-throws',
  run() {
    throw new TypeError("Cannot read properties of undefined (reading 'spec')");
  },
};

export const needsSecrets: Check = {
  id: 'test-secrets',
  title: 'Reads secrets',
  area: 'workloads',
  severity: 'warning',
  needs: ['pods', 'secrets'],
  docs: 'https://example.invalid/docs/test-secrets',
  run: () => [],
};

export const needsCertificates: Check = {
  id: 'test-certs',
  title: 'Reads certificates',
  area: 'certificates',
  severity: 'error',
  needs: [],
  extras: ['certificates'],
  docs: 'https://example.invalid/docs/test-certs',
  run: () => [],
};

export const sharpenedBySecrets: Check = {
  id: 'test-sharpened',
  title: 'Reads secrets when it may',
  area: 'pods',
  severity: 'warning',
  needs: ['pods'],
  optional: ['secrets', 'serviceaccounts'],
  docs: 'https://example.invalid/docs/test-sharpened',
  run: (view) => (view.has('secrets') ? [] : [{ object: { kind: 'Pod', name: 'lonely', namespace: 'shop' }, message: 'secrets not readable', evidence: [], remediation: 'none' }]),
};

export const readsLogs: Check = {
  id: 'test-logs',
  title: 'Reads logs when it can',
  area: 'pods',
  severity: 'warning',
  needs: ['pods'],
  extras: ['logs'],
  docs: 'https://example.invalid/docs/test-logs',
  run: () => [],
};

export const testCatalog: readonly Check[] = [waitingPods, cordonedNodes, throwing, needsSecrets, needsCertificates, readsLogs];
