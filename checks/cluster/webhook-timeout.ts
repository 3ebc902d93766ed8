import { DEFAULT_WEBHOOK_TIMEOUT_SECONDS, allWebhooks, describeRules } from '../../src/controlplane/webhooks.js';
import type { Check } from '../../src/engine/types.js';

export const webhookTimeout: Check = {
  id: 'webhook-timeout',
  title: 'Admission webhooks allowed to take longer than 10 seconds',
  area: 'admission',
  severity: 'warning',
  needs: ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'],
  docs: 'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#timeouts',
  run(view) {
    return allWebhooks(view)
      .filter(({ webhook }) => (webhook.timeoutSeconds ?? DEFAULT_WEBHOOK_TIMEOUT_SECONDS) > DEFAULT_WEBHOOK_TIMEOUT_SECONDS)
      .map(({ kind, configuration, webhook }) => ({
        object: { kind, name: configuration.metadata.name },
        message: `webhook ${webhook.name} may take up to ${webhook.timeoutSeconds}s: a slow backend adds that to every matching request (${describeRules(webhook)}), and clients with shorter timeouts fail first`,
        evidence: [`timeoutSeconds: ${webhook.timeoutSeconds} (default ${DEFAULT_WEBHOOK_TIMEOUT_SECONDS}, maximum 30)`, `failurePolicy: ${webhook.failurePolicy ?? 'Fail (default)'}`],
        remediation: `Lower timeoutSeconds to ${DEFAULT_WEBHOOK_TIMEOUT_SECONDS} or less and make the webhook answer fast; webhooks should answer in well under a second.`,
      }));
  },
};
