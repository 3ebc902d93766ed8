import semver from 'semver';
import type { SemVer } from 'semver';
import type { SnapshotView } from '../../src/engine/view.js';
import type { UpgradeInputs } from '../../src/upgrade/types.js';

/** The version the apiserver reports now. */
export function servedVersion(view: SnapshotView): SemVer | undefined {
  return semver.coerce(view.snapshot.extras.version?.gitVersion ?? '') ?? undefined;
}

/** The planned target; without a plan (diagnose), the next minor after the served version. */
export function targetVersion(view: SnapshotView, inputs: UpgradeInputs): SemVer | undefined {
  if (inputs.target) return inputs.target;
  const served = servedVersion(view);
  return served ? new semver.SemVer(`${served.major}.${served.minor + 1}.0`) : undefined;
}

/** "1.25" → the SemVer 1.25.0, for comparing a removal release with a target. */
export function minorVersion(text: string): SemVer | undefined {
  return semver.coerce(text) ?? undefined;
}

export const minorText = (version: SemVer): string => `${version.major}.${version.minor}`;

/** Whether an API removed in `removedIn` is gone at `target`. */
export function removedBy(removedIn: string, target: SemVer): boolean {
  const removal = minorVersion(removedIn);
  return removal !== undefined && (removal.major < target.major || (removal.major === target.major && removal.minor <= target.minor));
}
