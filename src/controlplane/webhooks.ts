import type { SnapshotView } from '../engine/view.js';
import type { KubeObject } from '../kube/types.js';
import type { LabelSelector } from '../workload/selectors.js';
import { formatLabelSelector } from '../workload/selectors.js';

export interface WebhookRule {
  operations?: string[];
  apiGroups?: string[];
  apiVersions?: string[];
  resources?: string[];
  scope?: string;
}

export interface Webhook {
  name: string;
  clientConfig?: { service?: { namespace: string; name: string; port?: number; path?: string }; url?: string; caBundle?: string };
  rules?: WebhookRule[];
  /** admissionregistration.k8s.io/v1 defaults it to Fail */
  failurePolicy?: string;
  /** v1 default 10, at most 30 */
  timeoutSeconds?: number;
  namespaceSelector?: LabelSelector;
  objectSelector?: LabelSelector;
}

export interface WebhookConfiguration extends KubeObject {
  webhooks?: Webhook[];
}

export type WebhookKind = 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration';

export const DEFAULT_WEBHOOK_TIMEOUT_SECONDS = 10;

export interface WebhookOf {
  kind: WebhookKind;
  configuration: WebhookConfiguration;
  webhook: Webhook;
}

/** Every webhook of every validating and mutating configuration in the snapshot. */
export function allWebhooks(view: SnapshotView): WebhookOf[] {
  const of = (resource: 'validatingwebhookconfigurations' | 'mutatingwebhookconfigurations', kind: WebhookKind): WebhookOf[] =>
    view.list<WebhookConfiguration>(resource).flatMap((configuration) => (configuration.webhooks ?? []).map((webhook) => ({ kind, configuration, webhook })));
  return [...of('validatingwebhookconfigurations', 'ValidatingWebhookConfiguration'), ...of('mutatingwebhookconfigurations', 'MutatingWebhookConfiguration')];
}

/** `CREATE,UPDATE pods, deployments.apps`; `* *` reads as every operation on every resource. */
export function describeRules(webhook: Webhook): string {
  const rules = (webhook.rules ?? []).map((rule) => {
    const operations = (rule.operations ?? ['*']).includes('*') ? 'every operation' : (rule.operations ?? []).join(',');
    const groups = rule.apiGroups ?? [''];
    const resources = (rule.resources ?? []).flatMap((resource) =>
      groups.map((group) => (resource === '*' && group === '*' ? 'every resource' : group === '' ? resource : `${resource}.${group === '*' ? '(any group)' : group}`)),
    );
    return `${operations} on ${resources.join(', ') || 'nothing'}`;
  });
  return rules.join('; ') || 'no rules';
}

/** The selectors that narrow which requests reach a webhook, as evidence lines. */
export function selectorLines(webhook: Webhook): string[] {
  const lines: string[] = [];
  const ns = webhook.namespaceSelector && formatLabelSelector(webhook.namespaceSelector);
  const obj = webhook.objectSelector && formatLabelSelector(webhook.objectSelector);
  lines.push(`namespaceSelector: ${ns || '(all namespaces)'}`);
  if (obj) lines.push(`objectSelector: ${obj}`);
  return lines;
}
