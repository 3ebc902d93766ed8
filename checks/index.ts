import type { Check } from '../src/engine/types.js';
import { clusterChecks } from './cluster/index.js';
import { upgradeChecks } from './upgrade/index.js';
import { workloadChecks } from './workloads/index.js';

/** The check catalog: every check k8sdoc runs, in report order. */
export const allChecks: readonly Check[] = [...workloadChecks, ...clusterChecks, ...upgradeChecks];
