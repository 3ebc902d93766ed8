import type { Check } from '../../src/engine/types.js';
import { refOf } from '../../src/engine/view.js';
import type { Pod } from '../../src/kube/types.js';
import type { Service, ServicePort } from '../../src/workload/services.js';
import { podExposes, selectedPods, selectsPods } from '../../src/workload/services.js';

function declaredPorts(pods: Pod[]): string {
  const ports = new Set(pods.flatMap((pod) => pod.spec.containers.flatMap((c) => (c.ports ?? []).map((p) => `${p.name ? `${p.name}:` : ''}${p.containerPort}/${p.protocol ?? 'TCP'}`))));
  return [...ports].join(', ') || 'none';
}

export const serviceTargetPort: Check = {
  id: 'service-target-port',
  title: 'Service target ports the selected pods do not expose',
  area: 'services',
  severity: 'error',
  needs: ['services', 'pods'],
  docs: 'https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports',
  run(view) {
    return view.list<Service>('services').flatMap((service) => {
      if (!selectsPods(service)) return [];
      const pods = selectedPods(view, service);
      if (pods.length === 0) return [];
      return (service.spec.ports ?? []).flatMap((port: ServicePort) => {
        const target = port.targetPort ?? port.port;
        const missing = pods.filter((pod) => !podExposes(pod, port));
        if (missing.length === 0) return [];
        // container ports are informational: a numeric target is only suspicious when the pods declare other ports
        if (typeof target === 'number' && missing.every((pod) => pod.spec.containers.every((c) => !c.ports?.length))) return [];
        const named = typeof target === 'string';
        return [
          {
            object: refOf(service, 'Service'),
            severity: named ? undefined : ('warning' as const),
            message: `port ${port.name ?? port.port} targets ${named ? `port name ${target}` : `port ${target}`}, which ${missing.length === pods.length ? 'none' : `${missing.length} of ${pods.length}`} of the selected pods declare${named ? ': those pods get no endpoint for it' : ''}`,
            evidence: [
              `service port ${port.port}/${port.protocol ?? 'TCP'} → targetPort ${String(target)}`,
              `container ports of the selected pods: ${declaredPorts(missing)}`,
              `pods without it: ${missing.slice(0, 3).map((p) => p.metadata.name).join(', ')}${missing.length > 3 ? `, +${missing.length - 3} more` : ''}`,
            ],
            remediation: named
              ? `Add a container port named ${target} to the pod template, or point targetPort at a name/number the containers use.`
              : `Check that the app listens on ${target}; if it listens on one of the declared ports, set targetPort to it.`,
          },
        ];
      });
    });
  },
};
