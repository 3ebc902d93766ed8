import { describe, expect, it } from 'vitest';
import { renderApiResources, selectApiResources } from '../../../src/kubectl/api-resources.js';
import { DISCOVERY } from './fake-client.js';

describe('api-resources', () => {
  it('lists types by group then name, with their short names, as kubectl does', () => {
    const text = renderApiResources(DISCOVERY, { apiGroup: 'apps' });
    expect(text).toBe(
      [
        'NAME                  SHORTNAMES   APIVERSION   NAMESPACED   KIND',
        'controllerrevisions                apps/v1      true         ControllerRevision',
        'daemonsets            ds           apps/v1      true         DaemonSet',
        'deployments           deploy       apps/v1      true         Deployment',
        'replicasets           rs           apps/v1      true         ReplicaSet',
        'statefulsets          sts          apps/v1      true         StatefulSet',
        '',
      ].join('\n'),
    );
  });

  it('puts the core group first and lists custom resources', () => {
    const names = selectApiResources(DISCOVERY).map((r) => r.resource);
    expect(names[0]).toBe('bindings');
    expect(names).toContain('widgets');
  });

  it('filters by scope and verbs, and prints qualified names with -o name', () => {
    const clusterScoped = selectApiResources(DISCOVERY, { namespaced: false });
    expect(clusterScoped.every((r) => !r.namespaced)).toBe(true);
    expect(clusterScoped.map((r) => r.resource)).toContain('nodes');
    const deletable = selectApiResources(DISCOVERY, { verbs: ['list', 'delete'] }).map((r) => r.resource);
    expect(deletable).not.toContain('tokenreviews');
    expect(renderApiResources(DISCOVERY, { apiGroup: 'example.com', output: 'name' })).toBe('widgets.example.com\n');
  });
});
