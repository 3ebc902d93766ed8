import type { ObjectRef } from '../engine/types.js';

/** Where a certificate was found; the SOURCE column and the remediation depend on it. */
export type CertSourceKind =
  /** a file of the kubeadm PKI directory */
  | 'pki'
  /** a client certificate embedded in (or named by) a kubeadm component kubeconfig */
  | 'kubeconfig'
  /** the client certificate of the kubeconfig k8sdoc runs with */
  | 'user-kubeconfig'
  /** the chain the apiserver presents over TLS */
  | 'served'
  /** a kubernetes.io/tls Secret */
  | 'secret'
  /** the caBundle of an admission webhook */
  | 'webhook'
  /** the caBundle of an APIService */
  | 'apiservice';

export interface CertSource {
  kind: CertSourceKind;
  /** a file path, https://host:port, `namespace/name tls.crt`, a webhook configuration and webhook name */
  location: string;
}

/** The facts of one parsed certificate, as plain JSON so snapshots and dumps carry them. */
export interface CertInfo {
  /** the subject's common name, or the whole subject when it has none */
  commonName: string;
  subject: string;
  issuer: string;
  /** the issuer's common name */
  issuerCommonName: string;
  serialNumber: string;
  /** RFC 3339 */
  notBefore: string;
  notAfter: string;
  isCA: boolean;
  /** subject alternative names as `DNS:name` / `IP:address` */
  sans: string[];
  fingerprint256: string;
}

export interface ChainCheck {
  verified: boolean;
  /** which CA verified it, or why it did not verify */
  detail: string;
}

/**
 * One row of the inventory: a certificate, a key pair without certificate (sa.key/sa.pub),
 * or a file that should be there and is not. Residual time is not stored: it depends on
 * "now", which the report is made at.
 */
export interface CertEntry {
  /** kubeadm's name for PKI files (apiserver, etcd-server, admin.conf), else a short label */
  name: string;
  source: CertSource;
  /** the API object it belongs to (Secret, webhook configuration, APIService) */
  object?: ObjectRef;
  /** the CA it must chain to, by kubeadm name (ca, etcd-ca, front-proxy-ca), or its issuer */
  authority?: string;
  cert?: CertInfo;
  /** an expected file that does not exist */
  missing?: boolean;
  /** the file or data exists but cannot be read or parsed */
  unreadable?: string;
  /** the CA it was verified against, when one was available */
  chain?: ChainCheck;
  /** the private key (or sa.pub) matches the certificate (or sa.key); undefined when not checked */
  keyMatches?: boolean;
  /** a serving certificate's missing names: the hosts/IPs the apiserver is reached by */
  sanMissing?: string[];
  /** the CA's key is not on disk: kubeadm calls such a CA externally managed */
  externallyManaged?: boolean;
}
