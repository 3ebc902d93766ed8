import type { Check } from '../../src/engine/types.js';
import { age } from '../../src/util/time.js';
import { conditionOf, eventLines, podsOwnedBy } from '../../src/workload/pods.js';
import { refOf } from '../../src/engine/view.js';
import type { HorizontalPodAutoscaler } from '../../src/workload/types.js';

const METRIC_EVENTS = ['FailedGetResourceMetric', 'FailedComputeMetricsReplicas', 'FailedGetPodsMetric', 'FailedGetExternalMetric', 'FailedGetObjectMetric', 'FailedGetScale'];
const NO_METRICS_API = /metrics\.k8s\.io|unable to fetch metrics from resource metrics API|could not find the requested resource/;

export const hpaUnableToCompute: Check = {
  id: 'hpa-unable-to-compute',
  title: 'HorizontalPodAutoscalers that cannot compute a replica count',
  area: 'workloads',
  severity: 'warning',
  needs: ['horizontalpodautoscalers'],
  optional: ['pods', 'events'],
  docs: 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#support-for-resource-metrics',
  run(view, { now }) {
    return view.list<HorizontalPodAutoscaler>('horizontalpodautoscalers').flatMap((hpa) => {
      const conditions = hpa.status?.conditions;
      const active = conditionOf(conditions, 'ScalingActive');
      const able = conditionOf(conditions, 'AbleToScale');
      // ScalingDisabled: the target is scaled to zero on purpose
      const failing = active?.status === 'False' && active.reason !== 'ScalingDisabled' ? active : able?.status === 'False' ? able : undefined;
      if (!failing) return [];
      const target = hpa.spec?.scaleTargetRef;
      const namespace = hpa.metadata.namespace;
      const owner = target ? { kind: target.kind, name: target.name, namespace } : undefined;
      const pods = target ? podsOwnedBy(view, target.kind, target.name, namespace) : [];
      const utilization = (hpa.spec?.metrics ?? []).filter((m) => m.type === 'Resource' && m.resource?.target?.type === 'Utilization').map((m) => m.resource?.name ?? '');
      const missing = utilization.flatMap((resource) => {
        const containers = [...new Set(pods.flatMap((p) => p.spec.containers.filter((c) => !c.resources?.requests?.[resource]).map((c) => c.name)))];
        return containers.length ? [{ resource, containers }] : [];
      });
      const noMetricsApi = NO_METRICS_API.test(failing.message ?? '');
      const cause = missing[0]
        ? `container${missing[0].containers.length > 1 ? 's' : ''} ${missing[0].containers.join(', ')} of ${target?.kind ?? ''} ${target?.name ?? ''} set no ${missing[0].resource} request, so ${missing[0].resource} utilization cannot be computed`
        : noMetricsApi
          ? 'the resource metrics API (metrics-server) is not available'
          : `${failing.reason ?? 'failure'}: ${failing.message ?? ''}`;
      return [
        {
          object: refOf(hpa, 'HorizontalPodAutoscaler'),
          owner,
          message: `cannot scale ${target ? `${target.kind} ${target.name}` : 'its target'}: ${cause}`,
          evidence: [
            `condition ${failing.type}=False (${failing.reason ?? ''}) for ${age(failing.lastTransitionTime, now)}: ${failing.message ?? ''}`,
            `replicas: ${hpa.status?.currentReplicas ?? 0} current, min ${hpa.spec?.minReplicas ?? 1}, max ${hpa.spec?.maxReplicas ?? '?'}`,
            ...missing.map((m) => `no ${m.resource} request on container(s): ${m.containers.join(', ')}`),
            ...eventLines(view, 'HorizontalPodAutoscaler', hpa, now, METRIC_EVENTS, 2),
          ],
          remediation: missing.length
            ? `Set resources.requests.${missing[0]?.resource ?? 'cpu'} on every container of the target (utilization is a share of the request).`
            : noMetricsApi
              ? 'Install metrics-server (or another provider of metrics.k8s.io) and check that APIService v1beta1.metrics.k8s.io is Available.'
              : 'Fix what the condition reports: the scale target, its selector, or the metrics source.',
        },
      ];
    });
  },
};
