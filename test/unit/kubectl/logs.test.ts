import { describe, expect, it } from 'vitest';
import { pickContainer } from '../../../src/kubectl/logs.js';
import type { Pod } from '../../../src/kube/types.js';

const pod = (containers: string[], extra: { init?: string[]; annotation?: string } = {}): Pod => ({
  metadata: { name: 'web-1', ...(extra.annotation ? { annotations: { 'kubectl.kubernetes.io/default-container': extra.annotation } } : {}) },
  spec: { containers: containers.map((name) => ({ name })), ...(extra.init ? { initContainers: extra.init.map((name) => ({ name })) } : {}) },
});

describe('which container logs reads', () => {
  it('the only container when there is one', () => {
    expect(pickContainer(pod(['app']), undefined)).toBe('app');
  });

  it('the container -c names, init containers included', () => {
    expect(pickContainer(pod(['app', 'proxy'], { init: ['migrate'] }), 'migrate')).toBe('migrate');
  });

  it('the default-container annotation when there are several', () => {
    expect(pickContainer(pod(['app', 'proxy'], { annotation: 'proxy' }), undefined)).toBe('proxy');
  });

  it('an error listing the containers when it cannot tell (exit 2)', () => {
    expect(() => pickContainer(pod(['app', 'proxy'], { init: ['migrate'] }), undefined)).toThrow('pod web-1 has several containers; choose one with -c');
    try {
      pickContainer(pod(['app', 'proxy'], { init: ['migrate'] }), 'nope');
    } catch (error) {
      expect((error as { oneLine(): string }).oneLine()).toBe('pod web-1 has no container "nope". its containers: app, proxy; init containers: migrate');
      expect((error as { exitCode: number }).exitCode).toBe(2);
      return;
    }
    throw new Error('expected an error');
  });

  it('ignores an annotation that names no container', () => {
    expect(() => pickContainer(pod(['app', 'proxy'], { annotation: 'gone' }), undefined)).toThrow('choose one with -c');
  });
});
