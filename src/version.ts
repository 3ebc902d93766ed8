import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import type { VersionInfo } from './kube/client.js';

export interface Versions {
  client: { k8sdoc: string; node: string };
  server: VersionInfo | undefined;
}

export function clientVersion(): Versions['client'] {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return { k8sdoc: pkg.version, node: process.version };
}

export function versionReport(versions: Versions, format: string): string {
  if (format === 'json') return JSON.stringify(versions, null, 2);
  if (format === 'yaml') return yaml.dump(versions);
  const lines = [`Client Version: k8sdoc ${versions.client.k8sdoc} (node ${versions.client.node})`];
  if (versions.server) lines.push(`Server Version: ${versions.server.gitVersion}`);
  return lines.join('\n');
}
