import { snapshotCertResults } from '../../src/certs/extra.js';
import { FILE_PROBLEMS } from '../../src/certs/problems.js';
import type { Check } from '../../src/engine/types.js';

export const certPkiFiles: Check = {
  id: 'cert-pki-files',
  title: 'PKI files missing, unreadable, or with a key that does not match',
  area: 'certificates',
  severity: 'error',
  needs: [],
  extras: ['certificates'],
  docs: 'https://kubernetes.io/docs/setup/best-practices/certificates/',
  run: (view, context) => snapshotCertResults(view.snapshot, context, FILE_PROBLEMS),
};
