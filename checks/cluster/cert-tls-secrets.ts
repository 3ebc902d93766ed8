import { secretEntries } from '../../src/certs/cluster.js';
import { certProblems, certThresholds, problemResult } from '../../src/certs/problems.js';
import type { Check } from '../../src/engine/types.js';

export const certTlsSecrets: Check = {
  id: 'cert-tls-secrets',
  title: 'kubernetes.io/tls Secrets whose certificate expires, expired or cannot be parsed',
  area: 'certificates',
  severity: 'warning',
  needs: ['secrets'],
  docs: 'https://kubernetes.io/docs/concepts/configuration/secret/#tls-secrets',
  run: (view, { now, thresholds }) => certProblems(secretEntries(view.snapshot.resources), certThresholds(thresholds), now).map(problemResult),
};
