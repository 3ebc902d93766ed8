import type { Check } from '../../src/engine/types.js';
import { age, ageMs, humanDuration } from '../../src/util/time.js';
import { leaseState } from '../../src/workload/leases.js';
import { conditionOf, isUnscheduled, subject } from '../../src/workload/pods.js';

const DEFAULT_SCHEDULER = 'default-scheduler';

export const podNoScheduler: Check = {
  id: 'pod-no-scheduler',
  title: 'Pending pods no scheduler is looking at',
  area: 'pods',
  severity: 'error',
  needs: ['pods', 'events', 'leases'],
  docs: 'https://kubernetes.io/docs/tasks/extend-kubernetes/configure-multiple-schedulers/',
  run(view, { now, thresholds }) {
    // without any kube-system Lease in sight (none readable), a missing one proves nothing
    if (!view.list('leases').some((lease) => lease.metadata.namespace === 'kube-system')) return [];
    return view.pods().flatMap((pod) => {
      if (!isUnscheduled(pod) || pod.spec.schedulingGates?.length) return [];
      if (conditionOf(pod.status?.conditions, 'PodScheduled')?.reason === 'Unschedulable') return [];
      if (view.eventsFor('Pod', pod.metadata.name, pod.metadata.namespace).some((e) => e.reason === 'FailedScheduling' || e.reason === 'Scheduled')) return [];
      // a pod created a moment ago may simply not have been looked at yet
      if ((ageMs(pod.metadata.creationTimestamp, now) ?? 0) < thresholds.leaseStaleSeconds * 1000) return [];
      const schedulerName = pod.spec.schedulerName ?? DEFAULT_SCHEDULER;
      const leaseName = schedulerName === DEFAULT_SCHEDULER ? 'kube-scheduler' : schedulerName;
      const lease = leaseState(view, 'kube-system', leaseName, now, thresholds.leaseStaleSeconds);
      const pending = `Pending for ${age(pod.metadata.creationTimestamp, now)} with no scheduling event and no PodScheduled condition`;
      const base = subject(view, pod, 'Pod');
      if (!lease && schedulerName !== DEFAULT_SCHEDULER) {
        return [
          {
            ...base,
            message: `is not scheduled: spec.schedulerName ${schedulerName} names a scheduler that is not running`,
            evidence: [pending, `spec.schedulerName: ${schedulerName}`, `no Lease kube-system/${leaseName} (a running scheduler with leader election holds one)`],
            remediation: `Deploy the ${schedulerName} scheduler, or remove spec.schedulerName from the pod template to use default-scheduler.`,
          },
        ];
      }
      if (lease && !lease.stale) return [];
      const renewed = lease?.renewedAgoMs !== undefined ? `last renewed ${humanDuration(lease.renewedAgoMs)} ago by ${lease.lease.spec?.holderIdentity ?? 'nobody'}` : 'never renewed';
      return [
        {
          ...base,
          message: `is not scheduled: the ${schedulerName} is not running (its leader Lease is ${lease ? 'stale' : 'missing'})`,
          evidence: [pending, `spec.schedulerName: ${schedulerName}`, lease ? `Lease kube-system/${leaseName} ${renewed}` : `no Lease kube-system/${leaseName}`],
          remediation: `Bring the scheduler back: check the kube-scheduler static pod or process and its logs on the control-plane nodes (crictl ps -a | grep kube-scheduler).`,
        },
      ];
    });
  },
};
