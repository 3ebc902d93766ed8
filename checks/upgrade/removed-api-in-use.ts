import type { Check, CheckResult } from '../../src/engine/types.js';
import { R } from '../../src/kube/resources.js';
import type { KnownResource } from '../../src/kube/resources.js';
import type { KubeObject } from '../../src/kube/types.js';
import type { ApiUse, UpgradeInputs } from '../../src/upgrade/types.js';
import { removalOf } from './removed-apis.js';
import type { RemovedApi } from './removed-apis.js';
import { minorText, removedBy, servedVersion, targetVersion } from './target.js';

const SOURCE_TEXT: Record<ApiUse['source'], string> = {
  managedFields: 'managedFields',
  'last-applied': 'last-applied-configuration annotation',
  helm: 'Helm release',
  file: 'manifest file',
};

/** managedFields of the objects the snapshot holds: who last wrote them with which apiVersion. */
function snapshotUses(objects: Partial<Record<KnownResource, KubeObject[]>>): ApiUse[] {
  const uses: ApiUse[] = [];
  for (const [resource, list] of Object.entries(objects) as [KnownResource, KubeObject[]][]) {
    const kind = R[resource].kind;
    for (const object of list) {
      for (const entry of object.metadata.managedFields ?? []) {
        if (!entry.apiVersion) continue;
        uses.push({
          apiVersion: entry.apiVersion,
          kind,
          name: object.metadata.name,
          namespace: object.metadata.namespace,
          source: 'managedFields',
          where: `managedFields of ${kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name} (manager ${entry.manager ?? 'unknown'})`,
        });
      }
    }
  }
  return uses;
}

function remediation(api: RemovedApi): string {
  if (!api.replacement) return `Remove these objects before the upgrade: ${api.note ?? 'the API has no replacement'}.`;
  return `Rewrite the manifests, charts and clients to ${api.replacement} (served since ${api.replacementSince ?? 'unknown'}); the objects already stored are served under it, so no data moves.`;
}

/**
 * Objects written with, or manifests and Helm releases holding, API versions the target no
 * longer serves. An apply of such a manifest fails after the upgrade; a managedFields entry or
 * last-applied annotation says a tool or person still writes that version.
 */
export function removedApiInUse(inputs: UpgradeInputs): Check {
  return {
    id: 'removed-api-in-use',
    title: 'Manifests, Helm releases or writers use API versions the target release removes',
    area: 'upgrade',
    severity: 'error',
    needs: [],
    extras: ['version'],
    docs: 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/',
    run(view): CheckResult[] {
      const target = targetVersion(view, inputs);
      if (!target) return [];
      const served = servedVersion(view);
      const groups = new Map<string, { api: RemovedApi; uses: ApiUse[] }>();
      for (const use of [...snapshotUses(view.snapshot.resources), ...(inputs.apiUses ?? [])]) {
        const api = removalOf(use.apiVersion, use.kind);
        if (!api || !removedBy(api.removedIn, target)) continue;
        // writers seen in the cluster matter only while the version is still served: after
        // its removal a stored managedFields entry is history, not a client that will break
        const live = use.source === 'managedFields' || use.source === 'last-applied';
        if (live && served && removedBy(api.removedIn, served)) continue;
        const key = `${use.kind} ${use.namespace ?? ''} ${use.name} ${use.apiVersion}`;
        const group = groups.get(key);
        if (group?.uses.some((u) => u.where === use.where)) continue;
        if (group) group.uses.push(use);
        else groups.set(key, { api, uses: [use] });
      }
      const gaps: CheckResult[] = (inputs.evidenceGaps ?? []).map((g) => ({
        severity: 'warning',
        object: { kind: 'Evidence', name: g.source },
        message: `could not look for removed APIs in ${g.source}: ${g.reason}`,
        evidence: [`${g.source}: ${g.reason}`],
        remediation: 'Run the plan with rights to read it (list secrets for Helm releases, list of the affected kinds), or check that source by hand.',
      }));
      const found = [...groups.values()].map(({ api, uses }): CheckResult => {
        const first = uses[0] as ApiUse;
        const sources = [...new Set(uses.map((u) => SOURCE_TEXT[u.source]))].join(', ');
        return {
          object: { kind: first.kind, name: first.name, namespace: first.namespace },
          message: `${first.kind} ${first.name} uses ${first.apiVersion}, removed in ${api.removedIn} (target ${minorText(target)}); seen in ${sources}`,
          evidence: [
            ...uses.map((u) => `${SOURCE_TEXT[u.source]}: ${u.where} → apiVersion ${u.apiVersion}`),
            `deprecated in ${api.deprecatedIn}, removed in ${api.removedIn}${api.replacement ? `; use ${api.replacement} (since ${api.replacementSince ?? 'unknown'})` : '; no replacement'}`,
          ],
          remediation: remediation(api),
        };
      });
      return [...found, ...gaps];
    },
  };
}
