import { describe, expect, it } from 'vitest';
import { parseFocusTarget } from '../../../src/engine/focus.js';

describe('parseFocusTarget', () => {
  it('resolves kubectl type names, short names included, offline', () => {
    expect(parseFocusTarget('deploy/web', 'shop')).toEqual({ resource: 'deployments', ref: { kind: 'Deployment', name: 'web', namespace: 'shop' } });
    expect(parseFocusTarget('po/web-7d9f', 'shop').ref).toEqual({ kind: 'Pod', name: 'web-7d9f', namespace: 'shop' });
    expect(parseFocusTarget('statefulsets.apps/db', 'data').ref.kind).toBe('StatefulSet');
    expect(parseFocusTarget('svc/api', 'shop').ref.kind).toBe('Service');
  });

  it('drops the namespace of cluster-scoped kinds', () => {
    expect(parseFocusTarget('node/worker-1', 'shop').ref).toEqual({ kind: 'Node', name: 'worker-1', namespace: undefined });
  });

  it('rejects what is not TYPE/NAME, and types it cannot look into', () => {
    expect(() => parseFocusTarget('web', 'shop')).toThrow(/"web" is not TYPE\/NAME/);
    expect(() => parseFocusTarget('pod/', 'shop')).toThrow(/is not TYPE\/NAME/);
    expect(() => parseFocusTarget('widgets/x', 'shop')).toThrow(/diagnose cannot look into "widgets" objects/);
  });
});
