import { apiServiceEntries, webhookEntries } from '../../src/certs/cluster.js';
import type { ApiService } from '../../src/controlplane/apiservices.js';
import type { WebhookConfiguration } from '../../src/controlplane/webhooks.js';
import { certProblems, certThresholds, problemResult } from '../../src/certs/problems.js';
import type { Check } from '../../src/engine/types.js';

export const certCaBundles: Check = {
  id: 'cert-ca-bundles',
  title: 'Webhook and APIService caBundles that expire, expired or cannot be parsed',
  area: 'certificates',
  severity: 'error',
  needs: ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations', 'apiservices'],
  docs: 'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#contacting-the-webhook',
  run(view, { now, thresholds }) {
    const entries = [
      ...view.list<WebhookConfiguration>('validatingwebhookconfigurations').flatMap((c) => webhookEntries(c, 'ValidatingWebhookConfiguration')),
      ...view.list<WebhookConfiguration>('mutatingwebhookconfigurations').flatMap((c) => webhookEntries(c, 'MutatingWebhookConfiguration')),
      ...view.list<ApiService>('apiservices').flatMap(apiServiceEntries),
    ];
    return certProblems(entries, certThresholds(thresholds), now).map(problemResult);
  },
};
