import { execa } from 'execa';
import { messageOf } from '../errors.js';
import type { KubeClient } from '../kube/client.js';
import { ApiError } from '../kube/http.js';
import { R } from '../kube/resources.js';
import type { KubeObject } from '../kube/types.js';
import { REMOVED_APIS } from '../../checks/upgrade/removed-apis.js';
import { helmReleaseUses } from './manifests.js';
import type { ApiUse, EvidenceGap } from './types.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export type EvidenceClient = Pick<KubeClient, 'listPages' | 'metadataPages' | 'resources'>;

function gap(source: string, error: unknown): EvidenceGap {
  const reason = error instanceof ApiError && error.status === 403 ? 'forbidden by RBAC' : messageOf(error);
  return { source, reason };
}

/** Releases deployed by Helm v3, decoded from their Secrets. */
export async function helmUses(client: EvidenceClient, namespace: string | undefined): Promise<{ uses: ApiUse[]; gaps: EvidenceGap[] }> {
  const uses: ApiUse[] = [];
  const gaps: EvidenceGap[] = [];
  try {
    const pages = client.listPages<KubeObject & { data?: Record<string, string> }>(R.secrets, {
      namespace,
      labelSelector: 'owner=helm,status=deployed',
      fieldSelector: 'type=helm.sh/release.v1',
    });
    for await (const page of pages) {
      for (const secret of page.items) {
        const data = secret.data?.release;
        if (!data) continue;
        try {
          uses.push(...helmReleaseUses(secret.metadata.namespace ?? '', secret.metadata.name, data));
        } catch (error) {
          gaps.push({ source: `helm release secret ${secret.metadata.namespace ?? ''}/${secret.metadata.name}`, reason: `cannot decode: ${messageOf(error)}` });
        }
      }
    }
  } catch (error) {
    gaps.push(gap('helm release secrets', error));
  }
  return { uses, gaps };
}

function lastAppliedVersion(object: KubeObject): { apiVersion: string; kind: string } | undefined {
  const text = object.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as { apiVersion?: unknown; kind?: unknown };
    return typeof parsed.apiVersion === 'string' && typeof parsed.kind === 'string' ? { apiVersion: parsed.apiVersion, kind: parsed.kind } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * managedFields and last-applied annotations of every object of a kind some table row removes,
 * listed page by page as metadata only (no spec or status crosses the wire); only those two fields are kept. A writer that used an old
 * version leaves it in managedFields; `kubectl apply` leaves it in the annotation.
 */
export async function writerUses(client: EvidenceClient, namespace: string | undefined): Promise<{ uses: ApiUse[]; gaps: EvidenceGap[] }> {
  const uses: ApiUse[] = [];
  const gaps: EvidenceGap[] = [];
  let served;
  try {
    served = await client.resources();
  } catch (error) {
    return { uses, gaps: [gap('API discovery', error)] };
  }
  // Events come and go by the thousand and say nothing about who writes manifests
  const wanted = new Set(REMOVED_APIS.filter((api) => api.resource !== 'events').map((api) => `${api.group} ${api.resource}`));
  const seen = new Set<string>();
  for (const resource of served) {
    const key = `${resource.group} ${resource.resource}`;
    if (!wanted.has(key) || seen.has(key) || !resource.verbs.includes('list')) continue;
    seen.add(key);
    try {
      for await (const page of client.metadataPages(resource, { namespace: resource.namespaced ? namespace : undefined })) {
        for (const object of page.items) {
          const ref = `${resource.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`;
          const base = { kind: resource.kind, name: object.metadata.name, namespace: object.metadata.namespace };
          for (const entry of object.metadata.managedFields ?? []) {
            if (entry.apiVersion) uses.push({ ...base, apiVersion: entry.apiVersion, source: 'managedFields', where: `managedFields of ${ref} (manager ${entry.manager ?? 'unknown'})` });
          }
          const applied = lastAppliedVersion(object);
          if (applied) uses.push({ ...base, apiVersion: applied.apiVersion, source: 'last-applied', where: `last-applied-configuration of ${ref}` });
        }
      }
    } catch (error) {
      gaps.push(gap(`${resource.resource}.${resource.group || 'core'}`, error));
    }
  }
  return { uses, gaps };
}

/** The local kubectl's client version, or null when none is on the PATH. */
export async function localKubectl(binary = 'kubectl'): Promise<{ version: string; path: string } | null> {
  try {
    const result = await execa(binary, ['version', '--client', '-o', 'json'], { timeout: 10_000, reject: false });
    if (result.exitCode !== 0) return null;
    const version = (JSON.parse(String(result.stdout)) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion;
    return version ? { version, path: binary } : null;
  } catch {
    return null;
  }
}
