import { describe, expect, it } from 'vitest';
import { classifyPullMessage, dockerConfigKeyCovers, dockerConfigKeys, registryHost } from '../../../../../src/workload/images.js';

describe('image references and pull secrets', () => {
  it('finds the registry host of an image reference', () => {
    expect(registryHost('nginx:1.27')).toBe('docker.io');
    expect(registryHost('library/nginx')).toBe('docker.io');
    expect(registryHost('ghcr.io/org/app:1')).toBe('ghcr.io');
    expect(registryHost('localhost:5000/app')).toBe('localhost:5000');
    expect(registryHost('registry.example.com/team/app@sha256:abc')).toBe('registry.example.com');
  });

  it('matches docker config keys the way the kubelet keyring does', () => {
    expect(dockerConfigKeyCovers('https://index.docker.io/v1/', 'nginx:1.27')).toBe(true);
    expect(dockerConfigKeyCovers('docker.io', 'bitnami/redis:7')).toBe(true);
    expect(dockerConfigKeyCovers('registry.example.com', 'registry.example.com/team/app:1')).toBe(true);
    // the API version paths mean the host itself
    expect(dockerConfigKeyCovers('https://registry.example.com/v2/', 'registry.example.com/team/app:1')).toBe(true);
    expect(dockerConfigKeyCovers('docker.io/bitnami', 'nginx:1.27')).toBe(false);
    expect(dockerConfigKeyCovers('docker.io/library', 'nginx:1.27')).toBe(true);
    expect(dockerConfigKeyCovers('localhost:5000', 'localhost:5000/app:1')).toBe(true);
    expect(dockerConfigKeyCovers('registry.example.com/team', 'registry.example.com/team/app:1')).toBe(true);
    expect(dockerConfigKeyCovers('registry.example.com/other', 'registry.example.com/team/app:1')).toBe(false);
    expect(dockerConfigKeyCovers('*.example.com', 'registry.example.com/team/app:1')).toBe(true);
    expect(dockerConfigKeyCovers('*.example.com', 'a.b.example.com/app')).toBe(false);
    expect(dockerConfigKeyCovers('registry.example.com:5000', 'registry.example.com/app')).toBe(false);
    expect(dockerConfigKeyCovers('ghcr.io', 'registry.example.com/app')).toBe(false);
  });

  it('reads the registry keys of a pull secret defensively', () => {
    const secret = (data: Record<string, unknown>) => ({ metadata: { name: 's' }, data });
    expect(dockerConfigKeys(secret({ '.dockerconfigjson': '{"auths":{"ghcr.io":{},"registry.example.com":{}}}' }))).toEqual(['ghcr.io', 'registry.example.com']);
    const encoded = Buffer.from('{"auths":{"quay.io":{"auth":"eDp5"}}}').toString('base64');
    expect(dockerConfigKeys(secret({ '.dockerconfigjson': encoded }))).toEqual(['quay.io']);
    expect(dockerConfigKeys(secret({ '.dockercfg': '{"registry.example.com":{}}' }))).toEqual(['registry.example.com']);
    expect(dockerConfigKeys(secret({ '.dockerconfigjson': '' }))).toEqual([]);
    expect(dockerConfigKeys(secret({ '.dockerconfigjson': '{"auths":null}' }))).toEqual([]);
    expect(dockerConfigKeys(secret({}))).toEqual([]);
  });

  it('classifies pull failures by their message', () => {
    expect(classifyPullMessage('docker.io/library/nginx:1.18x: not found')).toBe('not-found');
    expect(classifyPullMessage('failed to resolve reference: manifest unknown')).toBe('not-found');
    expect(classifyPullMessage('pull access denied, repository does not exist or may require authorization')).toBe('unauthorized');
    expect(classifyPullMessage('unexpected status: 401 Unauthorized')).toBe('unauthorized');
    expect(classifyPullMessage('429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit.')).toBe('rate-limited');
    expect(classifyPullMessage('dial tcp: lookup registry.internal on 10.96.0.10:53: no such host')).toBe('network');
    expect(classifyPullMessage('dial tcp 10.0.0.5:443: i/o timeout')).toBe('network');
    expect(classifyPullMessage('something else')).toBe('unknown');
  });
});
