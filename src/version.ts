import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { packageRoot } from './embedded/paths.js';
import type { VersionInfo } from './kube/client.js';

export interface Versions {
  client: { k8sdoc: string; node: string };
  server: VersionInfo | undefined;
}

export function clientVersion(): Versions['client'] {
  // found by walking up, so it is right from dist/ (the CLI) and from src/ (tests) alike
  const pkg = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return { k8sdoc: pkg.version, node: process.version };
}

export function versionReport(versions: Versions, format: string): string {
  if (format === 'json') return JSON.stringify(versions, null, 2);
  if (format === 'yaml') return yaml.dump(versions);
  const lines = [`Client Version: k8sdoc ${versions.client.k8sdoc} (node ${versions.client.node})`];
  if (versions.server) lines.push(`Server Version: ${versions.server.gitVersion}`);
  return lines.join('\n');
}
