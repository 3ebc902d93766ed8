import { caBundleEntries } from '../../src/certs/cluster.js';
import { certProblems, certThresholds, problemResult } from '../../src/certs/problems.js';
import type { Check } from '../../src/engine/types.js';

export const certCaBundles: Check = {
  id: 'cert-ca-bundles',
  title: 'Webhook and APIService caBundles that expire, expired or cannot be parsed',
  area: 'certificates',
  severity: 'error',
  needs: ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations', 'apiservices'],
  docs: 'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#contacting-the-webhook',
  run: (view, { now, thresholds }) => certProblems(caBundleEntries(view.snapshot.resources), certThresholds(thresholds), now).map(problemResult),
};
