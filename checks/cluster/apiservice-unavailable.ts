import { unavailableCondition } from '../../src/controlplane/apiservices.js';
import type { ApiService } from '../../src/controlplane/apiservices.js';
import type { Check } from '../../src/engine/types.js';
import { refOf } from '../../src/engine/view.js';
import { age } from '../../src/util/time.js';

export const apiserviceUnavailable: Check = {
  id: 'apiservice-unavailable',
  title: 'Aggregated APIs (APIServices) that are not available',
  area: 'control-plane',
  severity: 'error',
  needs: ['apiservices'],
  docs: 'https://kubernetes.io/docs/tasks/extend-kubernetes/configure-aggregation-layer/',
  run(view, { now }) {
    return view.list<ApiService>('apiservices').flatMap((apiService) => {
      const condition = unavailableCondition(apiService);
      if (!condition) return [];
      const backend = apiService.spec?.service;
      const groupVersion = `${apiService.spec?.group ?? ''}/${apiService.spec?.version ?? ''}`;
      return [
        {
          object: refOf(apiService, 'APIService'),
          message: `${groupVersion} is unavailable (${condition.reason ?? 'Available=False'}): discovery of the whole API is incomplete, so kubectl warns on every call, namespace deletion hangs and garbage collection of its kinds stops`,
          evidence: [
            `condition Available=${condition.status} (${condition.reason ?? ''}) for ${age(condition.lastTransitionTime, now)}: ${condition.message ?? ''}`.trim(),
            backend?.name ? `served by Service ${backend.namespace}/${backend.name}${backend.port ? `:${backend.port}` : ''}` : 'served by the apiserver itself',
          ],
          remediation: backend?.name
            ? `Fix the backend behind Service ${backend.namespace}/${backend.name} (its pods, endpoints, or the caBundle the apiserver trusts it with); if the add-on was removed, delete the APIService: \`kubectl delete apiservice ${apiService.metadata.name}\`.`
            : 'A local APIService being unavailable means the apiserver is still starting or a CRD it serves is broken: read the apiserver log.',
        },
      ];
    });
  },
};
