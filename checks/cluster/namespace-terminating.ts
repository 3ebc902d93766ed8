import { apiServiceName, failingGroupVersions, unavailableCondition } from '../../src/controlplane/apiservices.js';
import type { ApiService } from '../../src/controlplane/apiservices.js';
import type { Check } from '../../src/engine/types.js';
import { refOf } from '../../src/engine/view.js';
import type { Condition, KubeObject } from '../../src/kube/types.js';
import { age, ageMs } from '../../src/util/time.js';

interface Namespace extends KubeObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: Condition[] };
}

/** The namespace controller's conditions that explain why deletion does not finish. */
const BLOCKING_CONDITIONS = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
];

export const namespaceTerminating: Check = {
  id: 'namespace-terminating',
  title: 'Namespaces stuck Terminating, with what holds them',
  area: 'control-plane',
  severity: 'error',
  needs: ['namespaces', 'apiservices'],
  docs: 'https://kubernetes.io/docs/tasks/administer-cluster/namespaces/#deleting-a-namespace',
  run(view, { now, thresholds }) {
    const apiServices = view.list<ApiService>('apiservices');
    return view.list<Namespace>('namespaces').flatMap((namespace) => {
      const since = namespace.metadata.deletionTimestamp;
      if (!since) return [];
      const blocking = (namespace.status?.conditions ?? []).filter((c) => BLOCKING_CONDITIONS.includes(c.type) && c.status === 'True');
      // a failure condition means deletion cannot finish; remaining content may just be pods shutting down
      const failed = blocking.some((c) => c.type.endsWith('Failure'));
      if (!failed && (ageMs(since, now) ?? 0) < thresholds.stuckTerminatingSeconds * 1000) return [];
      const discovery = blocking.find((c) => c.type === 'NamespaceDeletionDiscoveryFailure');
      const named = failingGroupVersions(discovery?.message ?? '').map(apiServiceName);
      // the APIService to blame when discovery failed: the one it names, else any unavailable one
      const blamed = discovery ? apiServices.filter((a) => (named.length > 0 ? named.includes(a.metadata.name) : unavailableCondition(a) !== undefined)) : [];
      const blamedNames = blamed.map((a) => a.metadata.name);
      const finalizersLeft = blocking.find((c) => c.type === 'NamespaceFinalizersRemaining');
      const why = blamedNames.length > 0
        ? `APIService ${blamedNames.join(', ')} is unavailable, so the namespace controller cannot list (and delete) its content`
        : finalizersLeft
          ? `objects in it keep finalizers nobody removes (${finalizersLeft.message ?? ''})`
          : blocking[0]
            ? `${blocking[0].type}: ${blocking[0].message ?? ''}`
            : `finalizers ${[...(namespace.spec?.finalizers ?? []), ...(namespace.metadata.finalizers ?? [])].join(', ') || 'none'} remain`;
      return [
        {
          object: refOf(namespace, 'Namespace'),
          message: `has been Terminating for ${age(since, now)}: ${why}`,
          evidence: [
            `deletionTimestamp ${since}`,
            `spec.finalizers: ${namespace.spec?.finalizers?.join(', ') || 'none'}; metadata.finalizers: ${namespace.metadata.finalizers?.join(', ') || 'none'}`,
            ...blocking.map((c) => `condition ${c.type} (${c.reason ?? ''}): ${c.message ?? ''}`),
            ...blamed.map((a) => `APIService ${a.metadata.name}: ${unavailableCondition(a)?.message ?? 'Available'}`),
          ],
          remediation: blamedNames.length > 0
            ? `Make ${blamedNames.join(', ')} available again, or delete the APIService if its add-on is gone (\`kubectl delete apiservice ${blamedNames[0]}\`); the namespace then finishes by itself.`
            : finalizersLeft
              ? `Reinstall the controller that owns the finalizer, or remove the finalizer from the remaining objects (\`kubectl get all -n ${namespace.metadata.name}\`, then \`kubectl patch ... --type=merge -p '{"metadata":{"finalizers":null}}'\`), knowing its clean-up will not run.`
              : `List what remains: \`kubectl api-resources --verbs=list --namespaced -o name | xargs -n1 kubectl get -n ${namespace.metadata.name} --ignore-not-found\`.`,
        },
      ];
    });
  },
};
