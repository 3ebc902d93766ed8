import type { Check } from '../../src/engine/types.js';
import type { SnapshotView } from '../../src/engine/view.js';
import { eventLine } from '../../src/engine/view.js';
import type { KubeObject, Pod } from '../../src/kube/types.js';
import type { PullFailure } from '../../src/workload/images.js';
import { PULL_FAILURE_TEXT, classifyPullMessage, dockerConfigKeyCovers, dockerConfigKeys, registryHost } from '../../src/workload/images.js';
import { containerEntries, containerLabel, subject } from '../../src/workload/pods.js';

const PULL_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);
const PULL_EVENTS = new Set(['Failed', 'InspectFailed', 'ErrImageNeverPull']);

interface ServiceAccount extends KubeObject {
  imagePullSecrets?: { name: string }[];
}

interface SecretCheck {
  lines: string[];
  /** a secret exists, has the right type and covers the registry; undefined when Secrets could not be read */
  covered: boolean | undefined;
}

/** Each pull secret of the pod and of its ServiceAccount: exists, right type, covers the host. */
function checkPullSecrets(view: SnapshotView, pod: Pod, image: string): SecretCheck {
  const namespace = pod.metadata.namespace;
  const accountName = pod.spec.serviceAccountName ?? 'default';
  const account = view.get<ServiceAccount>('ServiceAccount', accountName, namespace);
  const named = new Map<string, string>();
  for (const s of pod.spec.imagePullSecrets ?? []) named.set(s.name, 'pod');
  for (const s of account?.imagePullSecrets ?? []) if (!named.has(s.name)) named.set(s.name, `ServiceAccount ${accountName}`);
  const host = registryHost(image);
  const accountUnread = !account && !view.has('serviceaccounts') ? [`ServiceAccount ${accountName} not readable: its imagePullSecrets not checked`] : [];
  if (named.size === 0) return { lines: [...accountUnread, `no imagePullSecrets on the pod${accountUnread.length ? '' : ` or its ServiceAccount ${accountName}`}`], covered: false };
  if (!view.has('secrets')) return { lines: [...accountUnread, `imagePullSecrets ${[...named.keys()].join(', ')} (Secrets not readable: not checked)`], covered: undefined };
  let covered = false;
  const lines = [...named.entries()].map(([name, from]) => {
    const secret = view.get<KubeObject & { type?: string }>('Secret', name, namespace);
    const label = `pull secret ${name} (from ${from})`;
    if (!secret) return `${label}: does not exist in namespace ${namespace ?? ''}`;
    if (secret.type !== 'kubernetes.io/dockerconfigjson' && secret.type !== 'kubernetes.io/dockercfg') return `${label}: is of type ${secret.type ?? 'Opaque'}, not kubernetes.io/dockerconfigjson`;
    const keys = dockerConfigKeys(secret);
    if (!keys.some((key) => dockerConfigKeyCovers(key, image))) return `${label}: has entries for ${keys.join(', ') || 'no registry'}, none for ${host}`;
    covered = true;
    return `${label}: has an entry for ${host}`;
  });
  return { lines: [...accountUnread, ...lines], covered };
}

function remedy(kind: PullFailure, image: string, secrets: SecretCheck): string {
  const host = registryHost(image);
  switch (kind) {
    case 'not-found':
      return `Fix the image name or tag (${image} does not exist), or push it to ${host}.`;
    case 'unauthorized':
      if (secrets.covered === false) {
        return `Create a kubernetes.io/dockerconfigjson secret with credentials for ${host} (kubectl create secret docker-registry) and list it in imagePullSecrets of the pod or its ServiceAccount.`;
      }
      return `Check that the pull secret for ${host} holds valid credentials that may read the repository (renew them if expired), and that the repository exists.`;
    case 'rate-limited':
      return `Authenticate pulls from ${host} (a pull secret raises the limit), use a mirror or pull-through cache, or wait for the limit to reset.`;
    case 'network':
      return `Check that the nodes can resolve and reach ${host} (DNS, firewall, proxy, the registry's TLS certificate).`;
    case 'invalid-name':
      return `Fix the image reference ${JSON.stringify(image)}: lowercase repository, and a tag after ':' or a digest after '@'.`;
    case 'never-pull':
      return 'Pre-load the image on the node, or set imagePullPolicy to IfNotPresent.';
    case 'unknown':
      return 'Read the pull error in the events and check the image name, the registry and the pull secrets.';
  }
}

export const podImagePull: Check = {
  id: 'pod-image-pull',
  title: 'Containers whose image cannot be pulled',
  area: 'pods',
  severity: 'error',
  needs: ['pods', 'events'],
  optional: ['secrets', 'serviceaccounts'],
  docs: 'https://kubernetes.io/docs/concepts/containers/images/#imagepullbackoff',
  run(view, { now }) {
    return view.pods().flatMap((pod) =>
      containerEntries(pod).flatMap((entry) => {
        const waiting = entry.status.state?.waiting;
        if (!waiting?.reason || !PULL_REASONS.has(waiting.reason)) return [];
        const image = entry.spec?.image ?? entry.status.image ?? '';
        // the kubelet's detailed event names the image; "Error: ErrImagePull" ones say nothing more
        const pullEvents = view
          .eventsFor('Pod', pod.metadata.name, pod.metadata.namespace)
          .filter((e) => e.type === 'Warning' && PULL_EVENTS.has(e.reason ?? '') && /Failed to pull image|Failed to inspect image|pull policy/.test(e.message ?? ''));
        const pullEvent = pullEvents.find((e) => (e.message ?? '').includes(image)) ?? pullEvents[0];
        const text = pullEvent?.message ?? waiting.message ?? waiting.reason;
        const kind = waiting.reason === 'InvalidImageName' ? 'invalid-name' : waiting.reason === 'ErrImageNeverPull' ? 'never-pull' : classifyPullMessage(text);
        const secrets = checkPullSecrets(view, pod, image);
        return [
          {
            ...subject(view, pod, 'Pod'),
            message: `${containerLabel(entry)} cannot pull image ${image}: ${PULL_FAILURE_TEXT[kind]}`,
            evidence: [
              `${containerLabel(entry)}: ${waiting.reason}, registry ${registryHost(image)}`,
              ...(pullEvent ? [eventLine(pullEvent, now)] : waiting.message ? [`waiting message: ${waiting.message}`] : []),
              ...(kind === 'invalid-name' || kind === 'never-pull' ? [] : secrets.lines),
            ],
            remediation: remedy(kind, image, secrets),
          },
        ];
      }),
    );
  },
};
