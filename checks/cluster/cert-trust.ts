import { snapshotCertResults } from '../../src/certs/extra.js';
import { TRUST_PROBLEMS } from '../../src/certs/problems.js';
import type { Check } from '../../src/engine/types.js';

export const certTrust: Check = {
  id: 'cert-trust',
  title: 'Certificates not signed by their CA, or serving certificates missing the apiserver address',
  area: 'certificates',
  severity: 'error',
  needs: [],
  extras: ['certificates'],
  docs: 'https://kubernetes.io/docs/setup/best-practices/certificates/',
  run: (view, context) => snapshotCertResults(view.snapshot, context, TRUST_PROBLEMS),
};
