import type { ApiService } from '../controlplane/apiservices.js';
import type { WebhookConfiguration, WebhookKind } from '../controlplane/webhooks.js';
import type { ObjectRef, Snapshot } from '../engine/types.js';
import type { KubeObject } from '../kube/types.js';
import type { CertEntry, CertSourceKind } from './types.js';
import { describe, parseBase64Bundle } from './x509.js';

/** Certificates that live in API objects: TLS Secrets, webhook and APIService caBundles. */

export interface TlsSecret extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}

/** One entry per certificate of a base64 PEM bundle; the same CA twice in a bundle counts once. */
function bundleEntries(data: string, kind: CertSourceKind, label: string, location: string, object: ObjectRef): CertEntry[] {
  const bundle = parseBase64Bundle(data);
  const base = { source: { kind, location }, object };
  if (bundle.error && bundle.certs.length === 0) return [{ ...base, name: label, unreadable: bundle.error }];
  const seen = new Set<string>();
  const entries: CertEntry[] = [];
  for (const [index, cert] of bundle.certs.entries()) {
    if (seen.has(cert.fingerprint256)) continue;
    seen.add(cert.fingerprint256);
    const info = describe(cert);
    const name = bundle.certs.length === 1 ? label : `${label} [${index + 1}/${bundle.certs.length}]`;
    entries.push({ ...base, name, cert: info, authority: info.issuerCommonName });
  }
  if (bundle.error) entries.push({ ...base, name: label, unreadable: bundle.error });
  return entries;
}

/** The certificates of a kubernetes.io/tls Secret (tls.crt only: the key is never read). */
export function tlsSecretEntries(secret: TlsSecret): CertEntry[] {
  const data = secret.data?.['tls.crt'];
  if (secret.type !== 'kubernetes.io/tls' || !data) return [];
  const { name, namespace } = secret.metadata;
  return bundleEntries(data, 'secret', `${namespace}/${name}`, `Secret ${namespace}/${name} tls.crt`, { kind: 'Secret', name, namespace });
}

/** The caBundle of every webhook of a Validating/MutatingWebhookConfiguration. */
export function webhookEntries(configuration: WebhookConfiguration, kind: WebhookKind): CertEntry[] {
  const seen = new Set<string>();
  const entries: CertEntry[] = [];
  for (const webhook of configuration.webhooks ?? []) {
    const bundle = webhook.clientConfig?.caBundle;
    // webhooks of one configuration usually share one bundle: report it once
    if (!bundle || seen.has(bundle)) continue;
    seen.add(bundle);
    const location = `${kind} ${configuration.metadata.name} webhook ${webhook.name}`;
    entries.push(...bundleEntries(bundle, 'webhook', `webhook ${webhook.name}`, location, { kind, name: configuration.metadata.name }));
  }
  return entries;
}

export function apiServiceEntries(apiService: ApiService): CertEntry[] {
  const bundle = apiService.spec?.caBundle;
  if (!bundle) return [];
  const name = apiService.metadata.name;
  return bundleEntries(bundle, 'apiservice', `apiservice ${name}`, `APIService ${name} caBundle`, { kind: 'APIService', name });
}

/** The certificates of the TLS Secrets in a snapshot's resources. */
export function secretEntries(resources: Snapshot['resources']): CertEntry[] {
  return ((resources.secrets ?? []) as TlsSecret[]).flatMap(tlsSecretEntries);
}

/** The caBundles of the webhook configurations and APIServices in a snapshot's resources. */
export function caBundleEntries(resources: Snapshot['resources']): CertEntry[] {
  return [
    ...((resources.validatingwebhookconfigurations ?? []) as WebhookConfiguration[]).flatMap((c) => webhookEntries(c, 'ValidatingWebhookConfiguration')),
    ...((resources.mutatingwebhookconfigurations ?? []) as WebhookConfiguration[]).flatMap((c) => webhookEntries(c, 'MutatingWebhookConfiguration')),
    ...((resources.apiservices ?? []) as ApiService[]).flatMap(apiServiceEntries),
  ];
}
