/**
 * API versions Kubernetes removed, from the deprecated API migration guide
 * (https://kubernetes.io/docs/reference/using-api/deprecation-guide/), 1.16 onwards. One row per
 * kind and served version; `replacement` is the group/version to move to and `since` the first
 * release serving it, so a manifest can be migrated before the upgrade.
 */
export interface RemovedApi {
  group: string;
  version: string;
  kind: string;
  /** the plural the API server and its metrics use */
  resource: string;
  deprecatedIn: string;
  removedIn: string;
  /** undefined: removed without a replacement (PodSecurityPolicy) */
  replacement?: string | undefined;
  replacementSince?: string | undefined;
  note?: string;
}

type Row = [group: string, version: string, kind: string, resource: string, deprecatedIn: string, removedIn: string, replacement?: string, replacementSince?: string, note?: string];

const ROWS: Row[] = [
  // 1.16
  ['extensions', 'v1beta1', 'Deployment', 'deployments', '1.9', '1.16', 'apps/v1', '1.9'],
  ['extensions', 'v1beta1', 'DaemonSet', 'daemonsets', '1.9', '1.16', 'apps/v1', '1.9'],
  ['extensions', 'v1beta1', 'ReplicaSet', 'replicasets', '1.9', '1.16', 'apps/v1', '1.9'],
  ['extensions', 'v1beta1', 'NetworkPolicy', 'networkpolicies', '1.9', '1.16', 'networking.k8s.io/v1', '1.8'],
  ['extensions', 'v1beta1', 'PodSecurityPolicy', 'podsecuritypolicies', '1.11', '1.16', 'policy/v1beta1', '1.10'],
  ['apps', 'v1beta1', 'Deployment', 'deployments', '1.9', '1.16', 'apps/v1', '1.9'],
  ['apps', 'v1beta1', 'StatefulSet', 'statefulsets', '1.9', '1.16', 'apps/v1', '1.9'],
  ['apps', 'v1beta2', 'Deployment', 'deployments', '1.9', '1.16', 'apps/v1', '1.9'],
  ['apps', 'v1beta2', 'StatefulSet', 'statefulsets', '1.9', '1.16', 'apps/v1', '1.9'],
  ['apps', 'v1beta2', 'DaemonSet', 'daemonsets', '1.9', '1.16', 'apps/v1', '1.9'],
  ['apps', 'v1beta2', 'ReplicaSet', 'replicasets', '1.9', '1.16', 'apps/v1', '1.9'],
  // 1.22
  ['admissionregistration.k8s.io', 'v1beta1', 'MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', '1.16', '1.22', 'admissionregistration.k8s.io/v1', '1.16'],
  ['admissionregistration.k8s.io', 'v1beta1', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', '1.16', '1.22', 'admissionregistration.k8s.io/v1', '1.16'],
  ['apiextensions.k8s.io', 'v1beta1', 'CustomResourceDefinition', 'customresourcedefinitions', '1.16', '1.22', 'apiextensions.k8s.io/v1', '1.16'],
  ['apiregistration.k8s.io', 'v1beta1', 'APIService', 'apiservices', '1.19', '1.22', 'apiregistration.k8s.io/v1', '1.10'],
  ['authentication.k8s.io', 'v1beta1', 'TokenReview', 'tokenreviews', '1.19', '1.22', 'authentication.k8s.io/v1', '1.6'],
  ['authorization.k8s.io', 'v1beta1', 'SubjectAccessReview', 'subjectaccessreviews', '1.19', '1.22', 'authorization.k8s.io/v1', '1.6'],
  ['authorization.k8s.io', 'v1beta1', 'LocalSubjectAccessReview', 'localsubjectaccessreviews', '1.19', '1.22', 'authorization.k8s.io/v1', '1.6'],
  ['authorization.k8s.io', 'v1beta1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', '1.19', '1.22', 'authorization.k8s.io/v1', '1.6'],
  ['certificates.k8s.io', 'v1beta1', 'CertificateSigningRequest', 'certificatesigningrequests', '1.19', '1.22', 'certificates.k8s.io/v1', '1.19'],
  ['coordination.k8s.io', 'v1beta1', 'Lease', 'leases', '1.19', '1.22', 'coordination.k8s.io/v1', '1.14'],
  ['extensions', 'v1beta1', 'Ingress', 'ingresses', '1.14', '1.22', 'networking.k8s.io/v1', '1.19'],
  ['networking.k8s.io', 'v1beta1', 'Ingress', 'ingresses', '1.19', '1.22', 'networking.k8s.io/v1', '1.19'],
  ['networking.k8s.io', 'v1beta1', 'IngressClass', 'ingressclasses', '1.19', '1.22', 'networking.k8s.io/v1', '1.19'],
  ['rbac.authorization.k8s.io', 'v1beta1', 'ClusterRole', 'clusterroles', '1.17', '1.22', 'rbac.authorization.k8s.io/v1', '1.8'],
  ['rbac.authorization.k8s.io', 'v1beta1', 'ClusterRoleBinding', 'clusterrolebindings', '1.17', '1.22', 'rbac.authorization.k8s.io/v1', '1.8'],
  ['rbac.authorization.k8s.io', 'v1beta1', 'Role', 'roles', '1.17', '1.22', 'rbac.authorization.k8s.io/v1', '1.8'],
  ['rbac.authorization.k8s.io', 'v1beta1', 'RoleBinding', 'rolebindings', '1.17', '1.22', 'rbac.authorization.k8s.io/v1', '1.8'],
  ['scheduling.k8s.io', 'v1beta1', 'PriorityClass', 'priorityclasses', '1.14', '1.22', 'scheduling.k8s.io/v1', '1.14'],
  ['storage.k8s.io', 'v1beta1', 'CSIDriver', 'csidrivers', '1.19', '1.22', 'storage.k8s.io/v1', '1.19'],
  ['storage.k8s.io', 'v1beta1', 'CSINode', 'csinodes', '1.17', '1.22', 'storage.k8s.io/v1', '1.17'],
  ['storage.k8s.io', 'v1beta1', 'StorageClass', 'storageclasses', '1.19', '1.22', 'storage.k8s.io/v1', '1.6'],
  ['storage.k8s.io', 'v1beta1', 'VolumeAttachment', 'volumeattachments', '1.19', '1.22', 'storage.k8s.io/v1', '1.13'],
  // 1.25
  ['batch', 'v1beta1', 'CronJob', 'cronjobs', '1.21', '1.25', 'batch/v1', '1.21'],
  ['discovery.k8s.io', 'v1beta1', 'EndpointSlice', 'endpointslices', '1.21', '1.25', 'discovery.k8s.io/v1', '1.21'],
  ['events.k8s.io', 'v1beta1', 'Event', 'events', '1.19', '1.25', 'events.k8s.io/v1', '1.19'],
  ['autoscaling', 'v2beta1', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', '1.23', '1.25', 'autoscaling/v2', '1.23'],
  ['policy', 'v1beta1', 'PodDisruptionBudget', 'poddisruptionbudgets', '1.21', '1.25', 'policy/v1', '1.21'],
  ['policy', 'v1beta1', 'PodSecurityPolicy', 'podsecuritypolicies', '1.21', '1.25', undefined, undefined, 'no replacement: move to Pod Security Admission or a policy engine'],
  ['node.k8s.io', 'v1beta1', 'RuntimeClass', 'runtimeclasses', '1.20', '1.25', 'node.k8s.io/v1', '1.20'],
  // 1.26
  ['flowcontrol.apiserver.k8s.io', 'v1beta1', 'FlowSchema', 'flowschemas', '1.23', '1.26', 'flowcontrol.apiserver.k8s.io/v1', '1.29'],
  ['flowcontrol.apiserver.k8s.io', 'v1beta1', 'PriorityLevelConfiguration', 'prioritylevelconfigurations', '1.23', '1.26', 'flowcontrol.apiserver.k8s.io/v1', '1.29'],
  ['autoscaling', 'v2beta2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', '1.23', '1.26', 'autoscaling/v2', '1.23'],
  // 1.27
  ['storage.k8s.io', 'v1beta1', 'CSIStorageCapacity', 'csistoragecapacities', '1.24', '1.27', 'storage.k8s.io/v1', '1.24'],
  // 1.29
  ['flowcontrol.apiserver.k8s.io', 'v1beta2', 'FlowSchema', 'flowschemas', '1.26', '1.29', 'flowcontrol.apiserver.k8s.io/v1', '1.29'],
  ['flowcontrol.apiserver.k8s.io', 'v1beta2', 'PriorityLevelConfiguration', 'prioritylevelconfigurations', '1.26', '1.29', 'flowcontrol.apiserver.k8s.io/v1', '1.29'],
  // 1.31: the first dynamic resource allocation API, replaced by a redesign
  ['resource.k8s.io', 'v1alpha2', 'ResourceClass', 'resourceclasses', '1.31', '1.31', 'resource.k8s.io/v1alpha3', '1.31', 'alpha: ResourceClass became DeviceClass'],
  ['resource.k8s.io', 'v1alpha2', 'ResourceClaim', 'resourceclaims', '1.31', '1.31', 'resource.k8s.io/v1alpha3', '1.31', 'alpha: claims must be recreated'],
  ['resource.k8s.io', 'v1alpha2', 'ResourceClaimTemplate', 'resourceclaimtemplates', '1.31', '1.31', 'resource.k8s.io/v1alpha3', '1.31', 'alpha: templates must be recreated'],
  ['resource.k8s.io', 'v1alpha2', 'PodSchedulingContext', 'podschedulingcontexts', '1.31', '1.31', undefined, undefined, 'alpha: classic DRA was dropped'],
  // 1.32
  ['flowcontrol.apiserver.k8s.io', 'v1beta3', 'FlowSchema', 'flowschemas', '1.29', '1.32', 'flowcontrol.apiserver.k8s.io/v1', '1.29'],
  ['flowcontrol.apiserver.k8s.io', 'v1beta3', 'PriorityLevelConfiguration', 'prioritylevelconfigurations', '1.29', '1.32', 'flowcontrol.apiserver.k8s.io/v1', '1.29'],
  // 1.33: alpha DRA objects moved to beta (verify against the guide when it lists later releases)
  ['resource.k8s.io', 'v1alpha3', 'ResourceClaim', 'resourceclaims', '1.32', '1.33', 'resource.k8s.io/v1beta1', '1.32', 'alpha'],
  ['resource.k8s.io', 'v1alpha3', 'ResourceClaimTemplate', 'resourceclaimtemplates', '1.32', '1.33', 'resource.k8s.io/v1beta1', '1.32', 'alpha'],
  ['resource.k8s.io', 'v1alpha3', 'DeviceClass', 'deviceclasses', '1.32', '1.33', 'resource.k8s.io/v1beta1', '1.32', 'alpha'],
  ['resource.k8s.io', 'v1alpha3', 'ResourceSlice', 'resourceslices', '1.32', '1.33', 'resource.k8s.io/v1beta1', '1.32', 'alpha'],
];

export const REMOVED_APIS: readonly RemovedApi[] = ROWS.map(([group, version, kind, resource, deprecatedIn, removedIn, replacement, replacementSince, note]) => ({
  group,
  version,
  kind,
  resource,
  deprecatedIn,
  removedIn,
  replacement,
  replacementSince,
  ...(note ? { note } : {}),
}));

/** "apps/v1" or "v1" for the core group. */
export function groupVersion(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** The removal of an apiVersion + kind (as written in a manifest), if any. */
export function removalOf(apiVersion: string, kind: string): RemovedApi | undefined {
  return REMOVED_APIS.find((api) => groupVersion(api.group, api.version) === apiVersion && api.kind === kind);
}

/** The removal of a group/version/resource (as the apiserver's metric names it), if any. */
export function removalOfResource(group: string, version: string, resource: string): RemovedApi | undefined {
  return REMOVED_APIS.find((api) => api.group === group && api.version === version && api.resource === resource);
}
