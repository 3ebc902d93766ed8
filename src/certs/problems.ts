import type { CheckResult, ObjectRef, Severity, Thresholds } from '../engine/types.js';
import { humanDuration } from '../util/time.js';
import type { CertEntry } from './types.js';

export interface CertThresholds {
  /** residual time under this many days is a warning */
  warningDays: number;
  /** residual time under this many days (or expired) is an error */
  errorDays: number;
}

/** The certificate part of the engine's thresholds. */
export function certThresholds(thresholds: Thresholds): CertThresholds {
  return { warningDays: thresholds.certWarningDays, errorDays: thresholds.certErrorDays };
}

export type CertProblemKind = 'expired' | 'expiring' | 'not-yet-valid' | 'missing' | 'unreadable' | 'key-mismatch' | 'chain' | 'san';

/** Kinds grouped as the diagnose checks report them. */
export const EXPIRY_PROBLEMS: readonly CertProblemKind[] = ['expired', 'expiring', 'not-yet-valid'];
export const FILE_PROBLEMS: readonly CertProblemKind[] = ['missing', 'unreadable', 'key-mismatch'];
export const TRUST_PROBLEMS: readonly CertProblemKind[] = ['chain', 'san'];

export interface CertProblem {
  kind: CertProblemKind;
  severity: Severity;
  entry: CertEntry;
  message: string;
  evidence: string[];
  remediation: string;
}

const DAY_MS = 86_400_000;

/** Time left until notAfter; negative once expired. */
export function residualMs(entry: CertEntry, now: Date): number | undefined {
  return entry.cert ? Date.parse(entry.cert.notAfter) - now.getTime() : undefined;
}

/** 364d, 9y; `expired 3d ago` style text is built by callers from a negative value. */
export function residualText(entry: CertEntry, now: Date): string {
  const ms = residualMs(entry, now);
  if (ms === undefined) return '';
  return ms < 0 ? 'expired' : humanDuration(ms);
}

export function objectOf(entry: CertEntry): ObjectRef {
  return entry.object ?? { kind: 'Certificate', name: entry.name };
}

/** kubeadm's renew command names only these; CAs and kubelet.conf are renewed otherwise. */
const KUBEADM_RENEWABLE = new Set([
  'apiserver',
  'apiserver-kubelet-client',
  'apiserver-etcd-client',
  'front-proxy-client',
  'etcd-server',
  'etcd-peer',
  'etcd-healthcheck-client',
  'admin.conf',
  'super-admin.conf',
  'controller-manager.conf',
  'scheduler.conf',
]);

function renewAdvice(entry: CertEntry): string {
  const { kind } = entry.source;
  if (kind === 'pki' || kind === 'kubeconfig') {
    if (entry.name === 'kubelet.conf') {
      return 'the kubelet rotates its own client certificate (rotateCertificates: true); if rotation stopped, follow the kubeadm guide "Kubelet client certificate rotation fails" and restart the kubelet';
    }
    if (KUBEADM_RENEWABLE.has(entry.name)) {
      return `renew it with \`kubeadm certs renew ${entry.name}\` on every control-plane node, then restart the control-plane static pods (move their manifests out of /etc/kubernetes/manifests and back)`;
    }
    return `${entry.name} is a CA: \`kubeadm certs renew\` does not renew CAs; rotate it following the kubeadm guide "Manual rotation of CA certificates" before it expires`;
  }
  switch (kind) {
    case 'served':
      return 'the apiserver serves this certificate: renew its serving certificate (`kubeadm certs renew apiserver`, or your provider\'s rotation) and restart kube-apiserver';
    case 'user-kubeconfig':
      return 'get a new client certificate for your kubeconfig user (`kubeadm kubeconfig user`, a CertificateSigningRequest, or your provider\'s login)';
    case 'secret':
      return `renew the certificate in Secret ${entry.object?.namespace}/${entry.object?.name} (with cert-manager, check the Certificate that writes it: \`kubectl get certificate -n ${entry.object?.namespace}\`); until then TLS clients of what uses it fail`;
    case 'webhook':
      return `update the caBundle of ${entry.object?.kind} ${entry.object?.name} with the CA that signs the webhook's serving certificate (cert-manager's cainjector does it from a Certificate); with an expired CA the apiserver cannot call the webhook, and failurePolicy Fail then rejects every matching write`;
    case 'apiservice':
      return `update spec.caBundle of APIService ${entry.object?.name}; until the apiserver trusts the backend again its API group is unavailable, which breaks discovery and namespace deletion`;
  }
}

function evidenceOf(entry: CertEntry): string[] {
  const lines = [`source: ${entry.source.location}`];
  if (entry.cert) {
    lines.push(`subject: ${entry.cert.subject}; issuer: ${entry.cert.issuer}`);
    lines.push(`valid from ${entry.cert.notBefore} until ${entry.cert.notAfter}`);
  }
  return lines;
}

function expiryProblems(entry: CertEntry, thresholds: CertThresholds, now: Date): CertProblem[] {
  const cert = entry.cert;
  const left = residualMs(entry, now);
  if (!cert || left === undefined) return [];
  const what = `${cert.isCA ? 'CA certificate' : 'certificate'} ${entry.name}`;
  const evidence = evidenceOf(entry);
  if (Date.parse(cert.notBefore) > now.getTime()) {
    return [{ kind: 'not-yet-valid', severity: 'error', entry, evidence, message: `${what} is not valid until ${cert.notBefore} (in ${humanDuration(Date.parse(cert.notBefore) - now.getTime())})`, remediation: 'check the clock of the machine that issued it and of this machine (NTP); clients reject it until then' }];
  }
  if (left < 0) {
    return [{ kind: 'expired', severity: 'error', entry, evidence, message: `${what} expired ${humanDuration(-left)} ago (${cert.notAfter})`, remediation: renewAdvice(entry) }];
  }
  if (left < thresholds.errorDays * DAY_MS || left < thresholds.warningDays * DAY_MS) {
    const severity: Severity = left < thresholds.errorDays * DAY_MS ? 'error' : 'warning';
    const limit = severity === 'error' ? thresholds.errorDays : thresholds.warningDays;
    return [{ kind: 'expiring', severity, entry, evidence, message: `${what} expires in ${humanDuration(left)} (${cert.notAfter}), under ${limit} days`, remediation: renewAdvice(entry) }];
  }
  return [];
}

function fileProblems(entry: CertEntry): CertProblem[] {
  const evidence = evidenceOf(entry);
  if (entry.missing) {
    const regenerate =
      entry.source.kind === 'kubeconfig' ? `kubeadm init phase kubeconfig ${entry.name.replace(/\.conf$/, '')}` : `kubeadm init phase certs ${entry.name.startsWith('sa.') ? 'sa' : entry.name.replace(/ key$/, '')}`;
    return [{ kind: 'missing', severity: 'warning', entry, evidence, message: `${entry.name} is missing (${entry.source.location})`, remediation: `restore it from your PKI backup, or regenerate it with \`${regenerate}\` (on a kubeadm control-plane node)` }];
  }
  if (entry.unreadable) {
    const denied = entry.unreadable.startsWith('permission denied');
    return [{ kind: 'unreadable', severity: denied ? 'warning' : 'error', entry, evidence: [...evidence, entry.unreadable], message: `${entry.name} cannot be read: ${entry.unreadable}`, remediation: denied ? 'run k8sdoc as root (or with read access to the files) to check it' : 'the data is not a PEM certificate: restore it from backup or re-issue it' }];
  }
  if (entry.keyMatches === false) {
    const sa = entry.name === 'sa';
    return [{
      kind: 'key-mismatch',
      severity: 'error',
      entry,
      evidence,
      message: sa ? 'sa.key and sa.pub are not one key pair: service account tokens signed with sa.key fail verification' : `the private key of ${entry.name} does not match its certificate: the component cannot serve or authenticate with it`,
      remediation: sa ? 'restore the matching pair from backup (every control-plane node must hold the same pair)' : `restore the matching key and certificate from backup, or re-issue the certificate for the current key (\`kubeadm certs renew ${entry.name}\`)`,
    }];
  }
  return [];
}

function trustProblems(entry: CertEntry): CertProblem[] {
  const problems: CertProblem[] = [];
  const evidence = evidenceOf(entry);
  if (entry.chain && !entry.chain.verified) {
    const served = entry.source.kind === 'served';
    problems.push({
      kind: 'chain',
      severity: 'error',
      entry,
      evidence: [...evidence, entry.chain.detail],
      message: served ? "the apiserver's certificate chain does not verify against the CA of your kubeconfig" : `${entry.name} is not signed by its CA${entry.authority ? ` ${entry.authority}` : ''}`,
      remediation: served
        ? "clients that trust the kubeconfig's CA reject the apiserver: fix certificate-authority-data in the kubeconfig, or serve a certificate issued by that CA"
        : `clients that trust ${entry.authority ?? 'its CA'} reject it: re-issue it from that CA (kubeadm: \`kubeadm certs renew ${entry.name}\`)`,
    });
  }
  if (entry.sanMissing && entry.sanMissing.length > 0) {
    const hosts = entry.sanMissing.join(', ');
    problems.push({
      kind: 'san',
      severity: 'error',
      entry,
      evidence: [...evidence, `subject alternative names: ${entry.cert?.sans.join(', ') || 'none'}`],
      message: `the apiserver serving certificate ${entry.name} does not cover ${hosts}, the address clients reach it by: TLS verification fails`,
      remediation: `add ${hosts} to the certificate (kubeadm: apiServer.certSANs in the ClusterConfiguration, move apiserver.crt/.key aside, run \`kubeadm init phase certs apiserver\`, restart kube-apiserver), or connect by a name it covers`,
    });
  }
  return problems;
}

/** Every problem of every entry, worst first. */
export function certProblems(entries: readonly CertEntry[], thresholds: CertThresholds, now: Date): CertProblem[] {
  const problems = entries.flatMap((entry) => [...fileProblems(entry), ...expiryProblems(entry, thresholds, now), ...trustProblems(entry)]);
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return problems.sort((a, b) => rank[a.severity] - rank[b.severity]);
}

/** A problem as a diagnose check result. */
export function problemResult(problem: CertProblem): CheckResult {
  return {
    severity: problem.severity,
    object: objectOf(problem.entry),
    message: problem.message,
    evidence: problem.evidence,
    remediation: problem.remediation,
  };
}
