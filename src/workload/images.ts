import type { KubeObject } from '../kube/types.js';

/** Docker Hub answers to several names; kubelet's keyring treats them as one. */
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/**
 * The registry host of an image reference: `nginx` → docker.io, `ghcr.io/org/app:1` → ghcr.io,
 * `localhost:5000/app` → localhost:5000 (docker's rule: the first component is a host when it
 * has a dot or a port, or is localhost).
 */
export function registryHost(image: string): string {
  const [first, ...rest] = image.split('/');
  if (rest.length > 0 && first && (first.includes('.') || first.includes(':') || first === 'localhost')) return first.toLowerCase();
  return 'docker.io';
}

function sameHost(a: string, b: string): boolean {
  return a === b || (DOCKER_HUB.has(a) && DOCKER_HUB.has(b));
}

/** Glob match of one host against a pattern such as *.example.com, part by part. */
function hostGlob(pattern: string, host: string): boolean {
  const p = pattern.split('.');
  const h = host.split('.');
  if (p.length !== h.length) return false;
  return p.every((part, i) => {
    const regex = new RegExp(`^${part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^.]*')}$`);
    return regex.test(h[i] ?? '');
  });
}

/**
 * Whether a docker config key (`https://index.docker.io/v1/`, `registry.example.com:5000`,
 * `*.example.com`, `registry.example.com/team`) holds credentials for an image, the way
 * kubelet's credential keyring matches them: same host (globs per label), same port, and the
 * key's path a prefix of the image's repository path, where /v1/ and /v2/ mean the host itself.
 */
export function dockerConfigKeyCovers(key: string, image: string): boolean {
  const parse = (text: string): { host: string; port: string; path: string } => {
    const withoutScheme = text.replace(/^[a-z]+:\/\//i, '');
    const [hostPort = '', ...path] = withoutScheme.split('/');
    const [host = '', port = ''] = hostPort.toLowerCase().split(':');
    return { host, port, path: path.filter(Boolean).join('/') };
  };
  const entry = parse(key);
  const entryPath = entry.path.replace(/^v[12](\/|$)/, '');
  const imageHost = registryHost(image);
  let repository = image.slice(image.startsWith(`${imageHost}/`) ? imageHost.length + 1 : 0).replace(/@.*$/, '').replace(/:[^/]*$/, '');
  // Docker Hub's official images live under library/
  if (DOCKER_HUB.has(imageHost) && !repository.includes('/')) repository = `library/${repository}`;
  const target = parse(`${imageHost}/${repository}`);
  if (entry.port !== target.port) return false;
  if (!(sameHost(entry.host, target.host) || (entry.host.includes('*') && hostGlob(entry.host, target.host)))) return false;
  return entryPath === '' || target.path === entryPath || target.path.startsWith(`${entryPath}/`);
}

function decode(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    try {
      return JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
    } catch {
      return undefined;
    }
  }
}

/**
 * The registry keys of a pull secret. The collector reduces `.dockerconfigjson` to its registry
 * hosts, still base64-encoded as the API serves it; plain JSON is read too. Anything unreadable
 * yields no keys rather than an error.
 */
export function dockerConfigKeys(secret: KubeObject): string[] {
  const data = (secret as { data?: Record<string, unknown> }).data ?? {};
  const json = data['.dockerconfigjson'];
  if (typeof json === 'string') {
    const auths = (decode(json) as { auths?: unknown } | undefined)?.auths;
    return auths && typeof auths === 'object' ? Object.keys(auths) : [];
  }
  // the legacy kubernetes.io/dockercfg format has the hosts at the top level
  const legacy = data['.dockercfg'];
  if (typeof legacy === 'string') {
    const config = decode(legacy);
    return config && typeof config === 'object' ? Object.keys(config) : [];
  }
  return [];
}

export type PullFailure = 'rate-limited' | 'unauthorized' | 'network' | 'not-found' | 'invalid-name' | 'never-pull' | 'unknown';

/** What an image pull failure message (kubelet event or waiting message) says went wrong. */
export function classifyPullMessage(message: string): PullFailure {
  if (/toomanyrequests|rate limit|429 Too Many Requests/i.test(message)) return 'rate-limited';
  if (/unauthorized|authentication required|pull access denied|authorization failed|denied|403 Forbidden|no basic auth credentials/i.test(message)) return 'unauthorized';
  if (/i\/o timeout|no such host|connection refused|dial tcp|TLS handshake timeout|network is unreachable|context deadline exceeded|x509:|certificate/i.test(message)) return 'network';
  if (/not found|manifest unknown|name unknown|NotFound/i.test(message)) return 'not-found';
  if (/invalid reference format|InvalidImageName|couldn't parse image/i.test(message)) return 'invalid-name';
  if (/pull policy of Never|ErrImageNeverPull/.test(message)) return 'never-pull';
  return 'unknown';
}

export const PULL_FAILURE_TEXT: Record<PullFailure, string> = {
  'rate-limited': 'the registry is rate limiting pulls (toomanyrequests)',
  unauthorized: 'the registry refused access (unauthorized, or the repository does not exist)',
  network: 'the node cannot reach the registry (network or DNS error)',
  'not-found': 'the image or tag does not exist in the registry',
  'invalid-name': 'the image reference is not a valid name',
  'never-pull': 'the image is not on the node and imagePullPolicy is Never',
  unknown: 'the pull failed',
};
