import { samples } from '../../src/controlplane/metrics.js';
import type { Check, CheckResult } from '../../src/engine/types.js';
import type { UpgradeInputs } from '../../src/upgrade/types.js';
import { groupVersion, removalOfResource } from './removed-apis.js';
import { minorText, removedBy, targetVersion } from './target.js';

const METRIC = 'apiserver_requested_deprecated_apis';

/**
 * The apiserver counts every request to a deprecated API version since it started, with the
 * release that removes it: the one evidence that a client (a controller, a CI job, a dashboard)
 * still calls it, whatever manifests say.
 */
export function removedApiRequested(inputs: UpgradeInputs): Check {
  return {
    id: 'removed-api-requested',
    title: 'Clients still request API versions the target release removes',
    area: 'upgrade',
    severity: 'error',
    needs: [],
    extras: ['version', 'metrics'],
    docs: 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/',
    run(view): CheckResult[] {
      const target = targetVersion(view, inputs);
      const metrics = view.snapshot.extras.metrics ?? '';
      const results: CheckResult[] = [];
      for (const sample of samples(metrics, [METRIC])) {
        const { group = '', version = '', resource = '', subresource = '', removed_release: removedRelease = '' } = sample.labels;
        if (sample.value === 0 || !removedRelease) continue;
        const gv = groupVersion(group, version);
        const known = removalOfResource(group, version, resource);
        const gone = target ? removedBy(removedRelease, target) : false;
        const what = `${resource}${subresource ? `/${subresource}` : ''}.${gv}`;
        results.push({
          severity: gone ? 'error' : 'info',
          object: { kind: 'APIVersion', name: what },
          message: gone
            ? `clients still request ${what}, removed in ${removedRelease}: they break on ${target ? minorText(target) : 'the target'}`
            : `clients still request ${what}, deprecated and removed in ${removedRelease} (after the target)`,
          evidence: [
            `apiserver /metrics: ${METRIC}{group="${group}",version="${version}",resource="${resource}",removed_release="${removedRelease}"} ${sample.value} (requested since this apiserver started)`,
            ...(known?.replacement ? [`replacement: ${known.replacement} (served since ${known.replacementSince ?? 'unknown'})`] : []),
          ],
          remediation: `Find the caller in the audit log (or by user agent in apiserver logs) and move it to ${known?.replacement ?? 'a served version'}; the metric resets when the apiserver restarts.`,
        });
      }
      return results;
    },
  };
}
