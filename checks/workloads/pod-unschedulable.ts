import type { Check } from '../../src/engine/types.js';
import type { SnapshotView } from '../../src/engine/view.js';
import type { Node, Pod } from '../../src/kube/types.js';
import { age } from '../../src/util/time.js';
import { conditionOf, eventLines, isUnscheduled, podsInNamespace, schedulingMessage, subject } from '../../src/workload/pods.js';
import { formatQuantity } from '../../src/workload/quantity.js';
import { freeOf, isTerminal, nodeUsage, podRequests } from '../../src/workload/requests.js';
import type { SchedulingFailure } from '../../src/workload/scheduler-message.js';
import { parseSchedulingMessage, schedulingSummary } from '../../src/workload/scheduler-message.js';
import type { Affinity, LabelSelector, TopologySpreadConstraint } from '../../src/workload/selectors.js';
import { formatLabelSelector, formatNodeSelectorTerm, matchesLabelSelector, matchesNodeSelectorTerms } from '../../src/workload/selectors.js';
import type { PersistentVolumeClaim } from '../../src/workload/storage.js';
import { diagnoseClaim } from '../../src/workload/storage.js';
import { formatTaint, tolerationFor, untoleratedTaints } from '../../src/workload/tolerations.js';

interface Explanation {
  evidence: string[];
  remediation: string;
}

/** What to do for the reasons judged against the nodes; also the advice when nodes could not be read. */
const NODE_REMEDY = {
  insufficient: 'Lower the requests, free capacity by scaling down other workloads, or add nodes.',
  'too-many-pods': "Add nodes, or raise the kubelet's maxPods where the nodes have room.",
  'node-affinity': 'Fix spec.nodeSelector / node affinity to labels the nodes have, or label the nodes meant to run it (kubectl label nodes NODE KEY=VALUE).',
  'topology-spread': 'Add capacity in the domains with fewer pods, raise maxSkew, or use whenUnsatisfiable: ScheduleAnyway.',
  'node-unschedulable': 'Uncordon the nodes when their maintenance is over (kubectl uncordon NODE).',
} as const;

const list = (names: string[], max = 3): string => names.slice(0, max).join(', ') + (names.length > max ? `, +${names.length - max} more` : '');

function requiredNodeTerms(pod: Pod) {
  return (pod.spec.affinity as Affinity | undefined)?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
}

function matchesNodeSelection(pod: Pod, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  const selectorOk = Object.entries(pod.spec.nodeSelector ?? {}).every(([k, v]) => labels[k] === v);
  const terms = requiredNodeTerms(pod);
  return selectorOk && (terms.length === 0 || matchesNodeSelectorTerms(terms, node));
}

/** The nodes the resource filter ran on: not cordoned, taints tolerated, selectors matched. */
function eligibleNodes(pod: Pod, nodes: Node[]): Node[] {
  return nodes.filter((node) => !node.spec?.unschedulable && untoleratedTaints(pod, node).length === 0 && matchesNodeSelection(pod, node));
}

function explainInsufficient(view: SnapshotView, pod: Pod, resource: string): Explanation {
  const requested = resource === 'pods' ? 1 : (podRequests(pod)[resource] ?? 0);
  const fmt = (value: number): string => formatQuantity(resource, value);
  const nodes = view.nodes();
  const eligible = eligibleNodes(pod, nodes);
  const candidates = (eligible.length ? eligible : nodes).map((node) => nodeUsage(view, node));
  const best = candidates.reduce<(typeof candidates)[number] | undefined>((a, b) => (!a || freeOf(b, resource) > freeOf(a, resource) ? b : a), undefined);
  const largest = Math.max(0, ...candidates.map((c) => c.allocatable[resource] ?? 0));
  const evidence: string[] = [];
  if (!best || largest === 0) {
    evidence.push(`requests ${resource} ${fmt(requested)}; no node offers ${resource} at all`);
    return { evidence, remediation: `Add nodes that provide ${resource} (a device plugin for extended resources), or remove the request.` };
  }
  const free = Math.max(0, freeOf(best, resource));
  const what = resource === 'pods' ? 'pod slots' : resource;
  const asked = resource === 'pods' ? 'a pod slot' : `${resource} ${fmt(requested)}`;
  evidence.push(`requests ${asked}; the node with the most free ${what} (${best.node.metadata.name}) has ${fmt(free)} free of ${fmt(best.allocatable[resource] ?? 0)} allocatable`);
  if (requested > largest) {
    evidence.push(`no node has ${fmt(requested)} ${resource} allocatable at all (largest: ${fmt(largest)})`);
    return { evidence, remediation: `Lower the ${resource} request to at most ${fmt(largest)}, or add a node with more than ${fmt(requested)} allocatable ${resource}.` };
  }
  return {
    evidence,
    remediation: `Lower the ${resource} request (at most ${fmt(free)} fits today), free capacity by scaling down other workloads, or add nodes.`,
  };
}

function explainTaints(view: SnapshotView, pod: Pod, failure: SchedulingFailure): Explanation {
  const byTaint = new Map<string, { toleration: string; nodes: string[] }>();
  for (const node of view.nodes()) {
    const [taint] = untoleratedTaints(pod, node);
    if (!taint) continue;
    const key = formatTaint(taint);
    const entry = byTaint.get(key) ?? { toleration: tolerationFor(taint), nodes: [] };
    entry.nodes.push(node.metadata.name);
    byTaint.set(key, entry);
  }
  if (byTaint.size === 0 && failure.reason.kind === 'taint' && failure.reason.key) {
    const { key, value } = failure.reason;
    return {
      evidence: [`${failure.nodes ?? 'some'} node(s) have taint ${key}${value ? `=${value}` : ''} the pod does not tolerate`],
      remediation: `Add a toleration for ${key} to the pod, or remove the taint from the nodes meant to run it.`,
    };
  }
  const evidence = [...byTaint.entries()].map(([taint, { toleration, nodes }]) => `taint ${taint} on ${nodes.length} node(s) (${list(nodes)}) is not tolerated; missing toleration ${toleration}`);
  return { evidence, remediation: 'Add the missing toleration to the pod template if it is meant to run on those nodes, or remove the taint (kubectl taint nodes NODE KEY-).' };
}

function explainNodeSelection(view: SnapshotView, pod: Pod): Explanation {
  const nodes = view.nodes();
  const evidence: string[] = [];
  for (const [key, value] of Object.entries(pod.spec.nodeSelector ?? {})) {
    const matching = nodes.filter((n) => n.metadata.labels?.[key] === value).length;
    const others = [...new Set(nodes.map((n) => n.metadata.labels?.[key]).filter((v): v is string => v !== undefined && v !== value))];
    evidence.push(`nodeSelector asks for ${key}=${value}: ${matching} of ${nodes.length} node(s) have it${others.length ? ` (nodes have ${key}=${list(others)})` : ''}`);
  }
  for (const term of requiredNodeTerms(pod)) {
    const matching = nodes.filter((n) => matchesNodeSelectorTerms([term], n)).length;
    evidence.push(`required node affinity ${formatNodeSelectorTerm(term)}: matched by ${matching} of ${nodes.length} node(s)`);
  }
  return { evidence, remediation: NODE_REMEDY['node-affinity'] };
}

function explainTopologySpread(view: SnapshotView, pod: Pod): Explanation {
  const nodes = view.nodes();
  const evidence: string[] = [];
  for (const constraint of (pod.spec.topologySpreadConstraints ?? []) as TopologySpreadConstraint[]) {
    if (constraint.whenUnsatisfiable !== 'DoNotSchedule') continue;
    const selector: LabelSelector | undefined = constraint.labelSelector;
    const counts = new Map<string, number>();
    for (const node of nodes) {
      const domain = node.metadata.labels?.[constraint.topologyKey];
      if (domain !== undefined && !counts.has(domain)) counts.set(domain, 0);
    }
    for (const other of podsInNamespace(view, pod.metadata.namespace)) {
      if (!other.spec.nodeName || isTerminal(other) || !matchesLabelSelector(selector, other.metadata.labels)) continue;
      const node = view.get<Node>('Node', other.spec.nodeName);
      const domain = node?.metadata.labels?.[constraint.topologyKey];
      if (domain !== undefined) counts.set(domain, (counts.get(domain) ?? 0) + 1);
    }
    const unlabeled = nodes.filter((n) => n.metadata.labels?.[constraint.topologyKey] === undefined).length;
    const perDomain = [...counts.entries()].sort().map(([d, n]) => `${d}=${n}`).join(', ') || 'no domain';
    evidence.push(
      `topology spread maxSkew ${constraint.maxSkew} over ${constraint.topologyKey} (DoNotSchedule, selector ${selector ? formatLabelSelector(selector) || '(all)' : '(none)'}): matching pods per domain ${perDomain}${unlabeled ? `; ${unlabeled} node(s) lack the label ${constraint.topologyKey}` : ''}`,
    );
  }
  return { evidence, remediation: NODE_REMEDY['topology-spread'] };
}

function explainClaims(view: SnapshotView, pod: Pod, failure: SchedulingFailure, now: Date): Explanation {
  const evidence: string[] = [];
  const remediations: string[] = [];
  for (const volume of pod.spec.volumes ?? []) {
    const name = volume.persistentVolumeClaim?.claimName;
    if (!name) continue;
    const claim = view.get<PersistentVolumeClaim>('PersistentVolumeClaim', name, pod.metadata.namespace);
    if (!claim) {
      if (view.has('persistentvolumeclaims')) {
        evidence.push(`PersistentVolumeClaim ${name} does not exist in namespace ${pod.metadata.namespace ?? ''}`);
        remediations.push(`Create PersistentVolumeClaim ${name} or fix the claimName in the pod's volume ${volume.name}.`);
      }
      continue;
    }
    if (claim.status?.phase === 'Bound') continue;
    const diagnosis = diagnoseClaim(view, claim, now);
    evidence.push(`PersistentVolumeClaim ${name} is ${claim.status?.phase ?? 'Pending'}: ${diagnosis.problem ?? 'not bound yet'}`, ...diagnosis.evidence.map((line) => `  ${line}`));
    if (diagnosis.problem) remediations.push(diagnosis.remediation);
  }
  if (evidence.length === 0) evidence.push(`${failure.text} (claims not readable)`);
  return { evidence, remediation: remediations.join(' ') || 'Fix the claims the pod uses so that they can bind.' };
}

function explain(view: SnapshotView, pod: Pod, failure: SchedulingFailure, now: Date): Explanation {
  const reason = failure.reason;
  // a namespace-scoped user may not list nodes: keep the scheduler's word for it
  if (!view.has('nodes') && reason.kind in NODE_REMEDY) {
    return { evidence: [`${failure.nodes ?? 'some'} node(s): ${failure.text} (nodes not readable: no comparison with their allocatable)`], remediation: NODE_REMEDY[reason.kind as keyof typeof NODE_REMEDY] };
  }
  switch (reason.kind) {
    case 'insufficient':
      return explainInsufficient(view, pod, reason.resource);
    case 'too-many-pods':
      return explainInsufficient(view, pod, 'pods');
    case 'taint':
      return explainTaints(view, pod, failure);
    case 'node-affinity':
      return explainNodeSelection(view, pod);
    case 'topology-spread':
      return explainTopologySpread(view, pod);
    case 'pvc-not-found':
      return { evidence: [`PersistentVolumeClaim ${reason.claim} does not exist in namespace ${pod.metadata.namespace ?? ''}`], remediation: `Create PersistentVolumeClaim ${reason.claim} or fix the claimName in the pod spec.` };
    case 'pvc-unbound':
    case 'no-persistent-volume':
      return explainClaims(view, pod, failure, now);
    case 'volume-node-affinity':
      return { evidence: [`${failure.nodes ?? 'some'} node(s) are outside the zone/nodes the pod's PersistentVolume is pinned to`], remediation: "Run the pod where its volume lives (add nodes in the volume's zone) or move the data to a volume in a zone with capacity." };
    case 'node-unschedulable': {
      const cordoned = view.nodes().filter((n) => n.spec?.unschedulable).map((n) => n.metadata.name);
      return { evidence: [`cordoned node(s): ${list(cordoned) || `${failure.nodes ?? 'some'}`}`], remediation: NODE_REMEDY['node-unschedulable'] };
    }
    case 'pod-affinity':
    case 'pod-anti-affinity':
      return { evidence: [`${failure.nodes ?? 'some'} node(s): ${failure.text}`], remediation: 'Relax the required pod (anti-)affinity (use preferredDuringScheduling) or add nodes/zones that satisfy it.' };
    case 'ports':
      return { evidence: [`${failure.nodes ?? 'some'} node(s): ${failure.text}`], remediation: 'Drop the hostPort from the pod, or add nodes where the port is free.' };
    case 'other':
      return { evidence: [`${failure.nodes !== undefined ? `${failure.nodes} node(s): ` : ''}${failure.text}`], remediation: 'Read the scheduler message and adjust the pod spec or the cluster accordingly.' };
  }
}

export const podUnschedulable: Check = {
  id: 'pod-unschedulable',
  title: 'Pods the scheduler cannot place on any node',
  area: 'pods',
  severity: 'error',
  needs: ['pods', 'events'],
  optional: ['nodes', 'persistentvolumeclaims', 'persistentvolumes', 'storageclasses'],
  docs: 'https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/',
  run(view, { now }) {
    return view.pods().flatMap((pod) => {
      if (!isUnscheduled(pod) || pod.spec.schedulingGates?.length) return [];
      const scheduled = conditionOf(pod.status?.conditions, 'PodScheduled');
      const events = view.eventsFor('Pod', pod.metadata.name, pod.metadata.namespace).filter((e) => e.reason === 'FailedScheduling');
      const eventMessage = events[0]?.message;
      const message = scheduled?.reason === 'Unschedulable' ? schedulingMessage(pod) : eventMessage && schedulingSummary(eventMessage);
      if (!message) return [];
      // the reason that rules out the most nodes is the one to fix first
      const failures = parseSchedulingMessage(message).failures.sort((a, b) => (b.nodes ?? Infinity) - (a.nodes ?? Infinity));
      const explanations = failures.map((failure) => explain(view, pod, failure, now));
      return [
        {
          ...subject(view, pod, 'Pod'),
          message: `cannot be scheduled: ${message}`,
          evidence: [
            `Pending for ${age(pod.metadata.creationTimestamp, now)}, not bound to a node`,
            ...explanations.flatMap((e) => e.evidence),
            ...eventLines(view, 'Pod', pod, now, ['FailedScheduling'], 1),
          ],
          remediation: [...new Set(explanations.map((e) => e.remediation))].join(' '),
        },
      ];
    });
  },
};
