import { snapshotCertResults } from '../../src/certs/extra.js';
import { EXPIRY_PROBLEMS } from '../../src/certs/problems.js';
import type { Check } from '../../src/engine/types.js';

export const certExpiring: Check = {
  id: 'cert-expiring',
  title: 'Control-plane, kubeconfig and served certificates expiring or expired',
  area: 'certificates',
  severity: 'error',
  needs: [],
  extras: ['certificates'],
  docs: 'https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-certs/',
  run: (view, context) => snapshotCertResults(view.snapshot, context, EXPIRY_PROBLEMS),
};
