import type { Check } from '../../src/engine/types.js';
import type { UpgradeInputs } from '../../src/upgrade/types.js';
import { upgradeBackup } from './backup.js';
import { drainPdbBlocking } from './drain-pdb-blocking.js';
import { drainPodBlocked } from './drain-pod-blocked.js';
import { drainSingleReplica } from './drain-single-replica.js';
import { removedApiInUse } from './removed-api-in-use.js';
import { removedApiRequested } from './removed-api-requested.js';
import { upgradeVersionPolicy } from './version-policy.js';

/** Every upgrade check, fed with what `upgrade plan` gathered besides the snapshot. */
export function planChecks(inputs: UpgradeInputs): Check[] {
  return [upgradeVersionPolicy(inputs), removedApiRequested(inputs), removedApiInUse(inputs), drainPdbBlocking(inputs), drainPodBlocked, drainSingleReplica, upgradeBackup(inputs)];
}

/**
 * The upgrade checks worth running at any time, for `diagnose`: removed APIs against the next
 * minor, and budgets that would stall the next drain. Pods and workloads that only matter while
 * a drain is planned (bare pods, single replicas) stay with `upgrade plan`.
 */
export const upgradeChecks: readonly Check[] = [removedApiRequested({}), removedApiInUse({}), drainPdbBlocking({})];
