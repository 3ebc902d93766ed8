import type { ResourceRef } from '../kube/client.js';
import { R } from '../kube/resources.js';
import type { Container, KubeObject, PodSpec } from '../kube/types.js';
import { EXIT_CODE_ANNOTATION, FAULT_ANNOTATION, MESSAGE_ANNOTATION, RESTARTS_ANNOTATION } from './kwok.js';

/** Small builders for the objects scenarios create, so each scenario reads as what it sets up. */
export type Applied = [ResourceRef, KubeObject];

export const SCENARIO_LABEL = 'k8sdoc.dev/scenario';

export interface Fault {
  kind: 'crashloop' | 'oomkilled' | 'image-pull' | 'config-error' | 'unready' | 'stuck-creating' | 'evicted' | 'fail' | 'restarting' | 'sidecar';
  message?: string;
  exitCode?: number;
  restarts?: number;
}

export function faultAnnotations(fault: Fault | undefined): Record<string, string> {
  if (!fault) return {};
  return {
    [FAULT_ANNOTATION]: fault.kind,
    ...(fault.message ? { [MESSAGE_ANNOTATION]: fault.message } : {}),
    ...(fault.exitCode !== undefined ? { [EXIT_CODE_ANNOTATION]: String(fault.exitCode) } : {}),
    ...(fault.restarts !== undefined ? { [RESTARTS_ANNOTATION]: String(fault.restarts) } : {}),
  };
}

export function namespace(name: string, scenario: string, labels: Record<string, string> = {}): Applied {
  return [R.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { [SCENARIO_LABEL]: scenario, ...labels } } }];
}

export function container(name: string, overrides: Partial<Container> = {}): Container {
  return {
    name,
    image: `registry.example.com/shop/${name}:1.4.2`,
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
    ...overrides,
  };
}

export interface WorkloadOptions {
  replicas?: number;
  fault?: Fault;
  podSpec?: Partial<PodSpec>;
  labels?: Record<string, string>;
  progressDeadlineSeconds?: number;
}

function podTemplate(app: string, options: WorkloadOptions): Record<string, unknown> {
  const labels = { app, ...options.labels };
  return {
    metadata: { labels, annotations: faultAnnotations(options.fault) },
    spec: { containers: [container(app)], terminationGracePeriodSeconds: 5, ...options.podSpec },
  };
}

export function deployment(name: string, ns: string, options: WorkloadOptions = {}): Applied {
  return [
    R.deployments,
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: ns, labels: { app: name } },
      spec: {
        replicas: options.replicas ?? 1,
        selector: { matchLabels: { app: name, ...options.labels } },
        ...(options.progressDeadlineSeconds ? { progressDeadlineSeconds: options.progressDeadlineSeconds } : {}),
        template: podTemplate(name, options),
      },
    },
  ];
}

export function statefulSet(name: string, ns: string, options: WorkloadOptions = {}): Applied {
  return [
    R.statefulsets,
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name, namespace: ns, labels: { app: name } },
      spec: { replicas: options.replicas ?? 1, serviceName: name, selector: { matchLabels: { app: name } }, template: podTemplate(name, options) },
    },
  ];
}

export function daemonSet(name: string, ns: string, options: WorkloadOptions = {}): Applied {
  return [
    R.daemonsets,
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name, namespace: ns, labels: { app: name } },
      spec: { selector: { matchLabels: { app: name } }, template: podTemplate(name, options) },
    },
  ];
}

export function pod(name: string, ns: string, options: WorkloadOptions = {}): Applied {
  const template = podTemplate(name, options) as { metadata: Record<string, unknown>; spec: unknown };
  return [R.pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, ...template.metadata }, spec: template.spec }];
}

export function job(name: string, ns: string, options: WorkloadOptions & { backoffLimit?: number } = {}): Applied {
  const template = podTemplate(name, options) as { metadata: Record<string, unknown>; spec: Record<string, unknown> };
  return [
    R.jobs,
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, namespace: ns, labels: { app: name } },
      spec: { backoffLimit: options.backoffLimit ?? 6, template: { metadata: template.metadata, spec: { ...template.spec, restartPolicy: 'Never' } } },
    },
  ];
}

export function cronJob(name: string, ns: string, schedule: string, suspend = false, spec: Record<string, unknown> = {}): Applied {
  const template = podTemplate(name, {}) as { metadata: Record<string, unknown>; spec: Record<string, unknown> };
  return [
    R.cronjobs,
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name, namespace: ns },
      spec: { schedule, suspend, ...spec, jobTemplate: { spec: { template: { metadata: template.metadata, spec: { ...template.spec, restartPolicy: 'OnFailure' } } } } },
    },
  ];
}

export function service(name: string, ns: string, selector: Record<string, string>, targetPort: number | string = 8080): Applied {
  return [
    R.services,
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns },
      spec: { selector, ports: [{ name: 'http', port: 80, targetPort, protocol: 'TCP' }] },
    },
  ];
}

export function configMap(name: string, ns: string, data: Record<string, string>): Applied {
  return [R.configmaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data }];
}

export function pvc(name: string, ns: string, storageClassName: string | undefined, volumeName?: string): Applied {
  return [
    R.persistentvolumeclaims,
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name, namespace: ns },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '1Gi' } },
        ...(storageClassName !== undefined ? { storageClassName } : {}),
        ...(volumeName ? { volumeName } : {}),
      },
    },
  ];
}
