import { DEFAULT_WEBHOOK_TIMEOUT_SECONDS, allWebhooks, describeRules, selectorLines } from '../../src/controlplane/webhooks.js';
import type { Check, CheckResult } from '../../src/engine/types.js';
import { summarizePods } from '../../src/workload/pods.js';
import type { Service } from '../../src/workload/services.js';
import { endpointSlicesOf, selectedPods } from '../../src/workload/services.js';

export const webhookNoEndpoints: Check = {
  id: 'webhook-no-endpoints',
  title: 'Admission webhooks whose Service is missing or has no ready endpoints',
  area: 'admission',
  severity: 'error',
  needs: ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations', 'services', 'endpointslices', 'pods'],
  docs: 'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#failure-policy',
  run(view, { now }): CheckResult[] {
    const scope = view.snapshot.namespace;
    return allWebhooks(view).flatMap(({ kind, configuration, webhook }) => {
      const target = webhook.clientConfig?.service;
      // URL webhooks run outside the cluster; a Service outside the snapshot's namespace is not visible
      if (!target || (scope !== undefined && target.namespace !== scope)) return [];
      const service = view.get<Service>('Service', target.name, target.namespace);
      const serviceName = `${target.namespace}/${target.name}`;
      let problem: string;
      let evidence: string[];
      if (!service) {
        problem = `its Service ${serviceName} does not exist`;
        evidence = [`clientConfig.service: ${serviceName}${target.port ? `:${target.port}` : ''}; no such Service`];
      } else {
        const endpoints = endpointSlicesOf(view, service).flatMap((s) => s.endpoints ?? []);
        if (endpoints.some((e) => e.conditions?.ready !== false)) return [];
        problem = `its Service ${serviceName} has no ready endpoints`;
        evidence = [`Service ${serviceName}: ${endpoints.length} endpoints, 0 ready`, ...summarizePods(selectedPods(view, service), now).lines];
      }
      const fail = (webhook.failurePolicy ?? 'Fail') === 'Fail';
      const rules = describeRules(webhook);
      const timeout = webhook.timeoutSeconds ?? DEFAULT_WEBHOOK_TIMEOUT_SECONDS;
      return [
        {
          object: { kind, name: configuration.metadata.name },
          severity: fail ? ('error' as const) : ('warning' as const),
          message: fail
            ? `webhook ${webhook.name} cannot be called (${problem}) and its failurePolicy is Fail: the apiserver rejects every request it matches (${rules})`
            : `webhook ${webhook.name} cannot be called (${problem}); with failurePolicy Ignore matching requests (${rules}) go through unchecked after waiting up to ${timeout}s`,
          evidence: [...evidence, `rules: ${rules}`, ...selectorLines(webhook), `failurePolicy: ${webhook.failurePolicy ?? 'Fail (default)'}, timeoutSeconds: ${timeout}`],
          remediation: `Bring the webhook's pods back (they are behind Service ${serviceName}); if the add-on was removed, delete its configuration (\`kubectl delete ${kind.toLowerCase()} ${configuration.metadata.name}\`). In an emergency, set failurePolicy: Ignore on the webhook to unblock writes.`,
        },
      ];
    });
  },
};
