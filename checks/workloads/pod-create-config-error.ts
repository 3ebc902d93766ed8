import type { Check } from '../../src/engine/types.js';
import type { SnapshotView } from '../../src/engine/view.js';
import type { Container, KubeObject } from '../../src/kube/types.js';
import { containerEntries, containerLabel, subject } from '../../src/workload/pods.js';

type SourceKind = 'ConfigMap' | 'Secret';

interface DataObject extends KubeObject {
  data?: Record<string, unknown>;
  binaryData?: Record<string, unknown>;
}

const RESOURCE = { ConfigMap: 'configmaps', Secret: 'secrets' } as const;

/** Names of the missing ConfigMaps/Secrets and keys a container's env and envFrom refer to. */
function missingReferences(view: SnapshotView, namespace: string | undefined, container: Container): string[] {
  const missing = new Set<string>();
  const lookup = (kind: SourceKind, name: string, key: string | undefined, optional: boolean | undefined, reference: string): void => {
    if (optional || !view.has(RESOURCE[kind])) return;
    const object = view.get<DataObject>(kind, name, namespace);
    if (!object) missing.add(`${kind} ${name} does not exist (${reference})`);
    else if (key !== undefined && !(key in (object.data ?? {})) && !(key in (object.binaryData ?? {}))) {
      missing.add(`${kind} ${name} has no key ${key} (${reference}); it has ${Object.keys({ ...object.data, ...object.binaryData }).join(', ') || 'no keys'}`);
    }
  };
  for (const env of container.env ?? []) {
    const cm = env.valueFrom?.configMapKeyRef;
    if (cm) lookup('ConfigMap', cm.name, cm.key, cm.optional, `env ${env.name}`);
    const secret = env.valueFrom?.secretKeyRef;
    if (secret) lookup('Secret', secret.name, secret.key, secret.optional, `env ${env.name}`);
  }
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) lookup('ConfigMap', from.configMapRef.name, undefined, from.configMapRef.optional, 'envFrom');
    if (from.secretRef) lookup('Secret', from.secretRef.name, undefined, from.secretRef.optional, 'envFrom');
  }
  return [...missing];
}

export const podCreateConfigError: Check = {
  id: 'pod-create-config-error',
  title: 'Containers that cannot start because their configuration is missing',
  area: 'pods',
  severity: 'error',
  needs: ['pods'],
  optional: ['configmaps', 'secrets'],
  docs: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-pod-configmap/',
  run(view) {
    return view.pods().flatMap((pod) =>
      containerEntries(pod).flatMap((entry) => {
        const waiting = entry.status.state?.waiting;
        if (waiting?.reason !== 'CreateContainerConfigError') return [];
        const missing = entry.spec ? missingReferences(view, pod.metadata.namespace, entry.spec) : [];
        const kubelet = waiting.message ? [`kubelet: ${waiting.message}`] : [];
        return [
          {
            ...subject(view, pod, 'Pod'),
            message: `${containerLabel(entry)} cannot be created: ${missing[0] ?? waiting.message ?? 'its configuration is invalid'}`,
            evidence: [...missing, ...kubelet],
            remediation: missing.length || /configmap|secret/i.test(waiting.message ?? '')
              ? `Create the missing ConfigMap/Secret or key in namespace ${pod.metadata.namespace ?? ''}, or fix the reference (mark it optional: true if the app can run without it); the kubelet retries on its own.`
              : 'Fix what the kubelet reports in the container configuration (for example runAsNonRoot with an image that runs as root).',
          },
        ];
      }),
    );
  },
};
