import type { KubeObject } from '../kube/types.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** What stands in a redacted Secret value: its size, which is all a diagnosis needs. */
function redactedValue(base64: string): string {
  return `[redacted: ${Buffer.byteLength(base64, 'base64')} bytes]`;
}

/**
 * A Secret as k8sdoc prints it unless --show-secrets is given: every value of data and
 * stringData replaced by its size, and the last-applied annotation (which holds the whole
 * Secret in plain text when it was applied with kubectl) replaced too. Key names stay.
 */
export function redactSecret(secret: KubeObject): KubeObject {
  const { data, stringData, ...rest } = secret as KubeObject & { data?: Record<string, string>; stringData?: Record<string, string> };
  const annotations = secret.metadata.annotations;
  const out: KubeObject & Record<string, unknown> = {
    ...rest,
    metadata: {
      ...secret.metadata,
      ...(annotations ? { annotations: Object.fromEntries(Object.entries(annotations).map(([k, v]) => [k, k === LAST_APPLIED ? '[redacted]' : v])) } : {}),
    },
  };
  if (data) out.data = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, redactedValue(v)]));
  if (stringData) out.stringData = Object.fromEntries(Object.entries(stringData).map(([k, v]) => [k, `[redacted: ${Buffer.byteLength(v)} bytes]`]));
  return out;
}
