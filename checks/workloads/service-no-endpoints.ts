import type { Check } from '../../src/engine/types.js';
import { refOf } from '../../src/engine/view.js';
import { podsInNamespace, summarizePods } from '../../src/workload/pods.js';
import { formatLabelSelector } from '../../src/workload/selectors.js';
import type { Service } from '../../src/workload/services.js';
import { podExposes, selectedPods, selectsPods, serviceEndpoints } from '../../src/workload/services.js';

export const serviceNoEndpoints: Check = {
  id: 'service-no-endpoints',
  title: 'Services with no ready endpoints',
  area: 'services',
  severity: 'error',
  needs: ['services', 'endpointslices'],
  optional: ['pods'],
  docs: 'https://kubernetes.io/docs/tasks/debug/debug-application/debug-service/#does-the-service-have-any-endpoints',
  run(view, { now }) {
    return view.list<Service>('services').flatMap((service) => {
      if (!selectsPods(service)) return [];
      const { slices, endpoints, ready } = serviceEndpoints(view, service);
      if (ready.length > 0) return [];
      const selector = formatLabelSelector(service.spec.selector);
      const pods = selectedPods(view, service);
      const object = refOf(service, 'Service');
      const endpointLine = `EndpointSlices: ${slices}, endpoints: ${endpoints.length}, ready: 0`;
      if (pods.length === 0) {
        const keys = Object.keys(service.spec.selector);
        const near = podsInNamespace(view, service.metadata.namespace).filter((p) => keys.some((k) => p.metadata.labels?.[k] !== undefined));
        const values = [...new Set(near.flatMap((p) => keys.flatMap((k) => (p.metadata.labels?.[k] !== undefined ? [`${k}=${p.metadata.labels[k]}`] : []))))].slice(0, 5);
        return [
          {
            object,
            message: `has no endpoints: selector ${selector} matches no pod in namespace ${service.metadata.namespace ?? ''}`,
            evidence: [endpointLine, `selector: ${selector}`, ...(values.length ? [`pods in the namespace have ${values.join(', ')}`] : [])],
            remediation: 'Fix the Service selector or the pod labels so that they match (kubectl get pods -l ' + selector + '), or scale up the workload if it is at zero.',
          },
        ];
      }
      const ports = service.spec.ports ?? [];
      const unexposed = ports.filter((p) => typeof p.targetPort === 'string' && !pods.some((pod) => podExposes(pod, p)));
      if (unexposed.length) {
        return [
          {
            object,
            message: `has no endpoints: targetPort ${unexposed.map((p) => p.targetPort).join(', ')} is not a port name of the ${pods.length} selected pod(s)`,
            evidence: [endpointLine, ...unexposed.map((p) => `port ${p.name ?? p.port}: targetPort ${String(p.targetPort)}; container ports: ${[...new Set(pods.flatMap((pod) => pod.spec.containers.flatMap((c) => (c.ports ?? []).map((cp) => `${cp.name ?? '(unnamed)'}:${cp.containerPort}`))))].join(', ') || 'none'}`)],
            remediation: 'Name the container port as the Service targetPort says, or set targetPort to the port name/number the containers use.',
          },
        ];
      }
      const summary = summarizePods(pods, now);
      return [
        {
          object,
          message: `has no ready endpoints: none of its ${pods.length} selected pod(s) is ready${summary.headline ? ` (${summary.headline})` : ''}`,
          evidence: [endpointLine, `selector: ${selector}`, ...summary.lines],
          remediation: 'Make the selected pods ready: fix what keeps them from running or failing their readiness probe (the pod findings name it).',
        },
      ];
    });
  },
};
