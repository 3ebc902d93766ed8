import type { Check } from '../../src/engine/types.js';
import { eventLine, refOf } from '../../src/engine/view.js';
import type { KubeEvent, KubeObject, ResourceList } from '../../src/kube/types.js';
import { describeRef } from '../../src/workload/pods.js';
import { formatQuantity } from '../../src/workload/quantity.js';
import { amountsOf } from '../../src/workload/requests.js';

interface ResourceQuota extends KubeObject {
  status?: { hard?: ResourceList; used?: ResourceList };
}

export const quotaAtLimit: Check = {
  id: 'quota-at-limit',
  title: 'ResourceQuotas at their limit',
  area: 'quotas',
  severity: 'warning',
  needs: ['resourcequotas'],
  optional: ['events'],
  docs: 'https://kubernetes.io/docs/concepts/policy/resource-quotas/',
  run(view, { now, thresholds }) {
    // FailedCreate events name the quota that refused a pod: "exceeded quota: NAME, requested: ..."
    const refusals = new Map<string, KubeEvent[]>();
    for (const event of view.list<KubeEvent>('events')) {
      const quota = event.reason === 'FailedCreate' ? /exceeded quota: ([^,\s]+)/.exec(event.message ?? '')?.[1] : undefined;
      if (!quota) continue;
      const k = `${event.metadata.namespace ?? ''}/${quota}`;
      refusals.set(k, [...(refusals.get(k) ?? []), event]);
    }
    return view.list<ResourceQuota>('resourcequotas').flatMap((quota) => {
      const hard = amountsOf(quota.status?.hard);
      const used = amountsOf(quota.status?.used);
      const full = Object.entries(hard).flatMap(([resource, limit]) => {
        const value = used[resource] ?? 0;
        // hard 0 forbids a resource on purpose (e.g. services.loadbalancers: 0): not a quota running out
        return limit > 0 && value >= limit * thresholds.quotaWarning ? [{ resource, limit, value }] : [];
      });
      const events = refusals.get(`${quota.metadata.namespace ?? ''}/${quota.metadata.name}`) ?? [];
      if (full.length === 0 && events.length === 0) return [];
      const refused = [...new Map(events.map((e) => [`${e.involvedObject.kind}/${e.involvedObject.name}`, e])).values()];
      const objects = refused.map((e) => {
        const involved = view.get(e.involvedObject.kind ?? '', e.involvedObject.name ?? '', e.involvedObject.namespace);
        const owner = involved ? view.topOwner(involved) : undefined;
        return `${e.involvedObject.kind ?? ''} ${e.involvedObject.name ?? ''}${owner ? ` (${describeRef(owner)})` : ''}`;
      });
      return [
        {
          object: refOf(quota, 'ResourceQuota'),
          severity: events.length ? ('error' as const) : undefined,
          message: `${full.length ? `is at its limit for ${full.map((f) => f.resource).join(', ')}` : 'refuses new pods'}${objects.length ? `: it blocks ${objects.join(', ')}` : ''}`,
          evidence: [
            ...full.map((f) => `${f.resource}: used ${formatQuantity(f.resource, f.value)} of ${formatQuantity(f.resource, f.limit)} hard (${Math.round((f.value / f.limit) * 100)}%)`),
            ...refused.slice(0, 3).map((e) => `${e.involvedObject.kind ?? ''} ${e.involvedObject.name ?? ''}: ${eventLine(e, now)}`),
          ],
          remediation: `Raise the hard limits of ResourceQuota ${quota.metadata.name}, lower the requests of the workloads in namespace ${quota.metadata.namespace ?? ''}, or remove what no longer needs to run there.`,
        },
      ];
    });
  },
};
