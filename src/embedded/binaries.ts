import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { arch as osArch } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { K8sdocError, messageOf } from '../errors.js';
import { downloadVerified } from './download.js';
import { cacheRoot, packageRoot } from './paths.js';
import { COMPONENT_SETS, setOf } from './versions.js';
import type { BinaryName, ComponentSet } from './versions.js';

export type BinarySource = 'auto' | 'download' | 'build';

export interface ProvisionOptions {
  /** --bin-dir or K8SDOC_BIN_DIR: a folder that holds the binaries; used as it is */
  binDir?: string | undefined;
  /** auto: cache, then download, then build; or only one of the two ways to get them */
  source?: BinarySource;
  env?: NodeJS.ProcessEnv;
  onProgress?: (message: string) => void;
  /** release URLs are rewritten through this (tests point downloads at a local server) */
  releaseUrl?: (url: string) => string;
}

const MARKER = '.complete';

function goArch(): string {
  const a = osArch();
  return a === 'x64' ? 'amd64' : a === 'arm64' ? 'arm64' : a;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function cacheDirOf(set: ComponentSet, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheRoot(env), 'bin', `${set.name}-${set.version}`);
}

/** A cache folder counts only when it was completed (a marker written after every binary was in place). */
function cachedSet(set: ComponentSet, env: NodeJS.ProcessEnv): string | undefined {
  const dir = cacheDirOf(set, env);
  if (!existsSync(path.join(dir, MARKER))) return undefined;
  return Object.keys(set.binaries).every((b) => isExecutable(path.join(dir, b))) ? dir : undefined;
}

async function download(set: ComponentSet, staging: string, options: ProvisionOptions): Promise<void> {
  const arch = goArch();
  const rewrite = options.releaseUrl ?? ((u: string) => u);
  const progress = (name: string) => (bytes: number, total: number | undefined) =>
    options.onProgress?.(`downloading ${name}: ${(bytes / 1e6).toFixed(1)}${total ? `/${(total / 1e6).toFixed(1)}` : ''} MB`);
  const release = set.release;
  if (release.kind === 'per-binary') {
    for (const binary of Object.keys(set.binaries)) {
      await downloadVerified(rewrite(release.url(binary, arch)), rewrite(release.sha256Url(binary, arch)), path.join(staging, binary), { onProgress: progress(binary) });
    }
    return;
  }
  const archive = path.join(staging, 'release.tar.gz');
  await downloadVerified(rewrite(release.url(arch)), rewrite(release.sha256Url(arch)), archive, { onProgress: progress(`${set.name} ${set.version}`) });
  const members = Object.keys(set.binaries).map((b) => release.member(b, arch));
  await execa('tar', ['-xzf', archive, '-C', staging, ...members]);
  for (const [binary, member] of Object.keys(set.binaries).map((b, i) => [b, members[i] ?? b] as const)) {
    if (member !== binary) await rename(path.join(staging, member), path.join(staging, binary));
  }
  await rm(archive, { force: true });
}

async function build(set: ComponentSet, staging: string, options: ProvisionOptions): Promise<void> {
  const moduleDir = path.join(packageRoot(), 'go', set.name);
  if (!existsSync(path.join(moduleDir, 'go.mod'))) {
    throw new K8sdocError('build-failed', `the Go wrapper module ${moduleDir} is missing from this installation`, { exit: 'precondition' });
  }
  const ldflags = ['-s', '-w', ...set.stamps.map((s) => `-X ${s}`)].join(' ');
  options.onProgress?.(`building ${set.name} ${set.version} with Go (a first build takes several minutes)`);
  for (const [binary, pkg] of Object.entries(set.binaries)) {
    // -o names each binary itself: module paths ending in /v3 would otherwise all be called v3
    const child = execa('go', ['build', '-v', '-trimpath', '-tags', 'selinux,notest', '-ldflags', ldflags, '-o', path.join(staging, binary), pkg], {
      cwd: moduleDir,
      env: { ...options.env, CGO_ENABLED: '0' },
      all: true,
      reject: false,
    });
    let compiled = 0;
    child.all?.on('data', (chunk: Buffer) => {
      compiled += chunk.toString().split('\n').filter(Boolean).length;
      options.onProgress?.(`building ${binary} (${set.name} ${set.version}): ${compiled} packages compiled`);
    });
    const result = await child;
    if (result.exitCode !== 0) {
      const tail = String(result.all ?? '').split('\n').filter((l) => !/^[\w./-]+$/.test(l)).slice(-5).join(' | ');
      throw new K8sdocError('build-failed', `go build of ${binary} failed: ${tail || `exit ${result.exitCode}`}`, { exit: 'precondition', hint: 'check that Go >= 1.26 is installed and the Go module proxy is reachable' });
    }
  }
}

/** Runs `BINARY --version` and checks it names the pinned version. */
async function verifyVersion(set: ComponentSet, dir: string): Promise<void> {
  const probe = Object.keys(set.binaries)[0] ?? '';
  const flag = set.name === 'coredns' ? '-version' : '--version';
  const result = await execa(path.join(dir, probe), [flag], { reject: false, timeout: 20_000 });
  const output = `${result.stdout}\n${result.stderr}`;
  if (!output.includes(set.version.replace(/^v/, ''))) {
    throw new K8sdocError('binary-version', `${probe} in ${dir} does not report version ${set.version}: ${output.trim().split('\n')[0] ?? ''}`, { exit: 'precondition' });
  }
}

/**
 * Provisions one component set into the cache: download (sha256-checked) or Go build into a
 * staging folder, version check, then an atomic rename, so a half-done provisioning is never
 * mistaken for a usable cache.
 */
export async function provisionSet(set: ComponentSet, options: ProvisionOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const cached = cachedSet(set, env);
  if (cached) return cached;
  const dir = cacheDirOf(set, env);
  await mkdir(path.dirname(dir), { recursive: true });
  const staging = await mkdtemp(`${dir}.staging-`);
  const failures: string[] = [];
  try {
    const source = options.source ?? 'auto';
    let done = false;
    if (source === 'auto' || source === 'download') {
      try {
        await download(set, staging, options);
        done = true;
      } catch (error) {
        if (source === 'download' || (error instanceof K8sdocError && error.code === 'checksum-mismatch')) throw error;
        failures.push(`download: ${messageOf(error)}`);
        options.onProgress?.(`release download of ${set.name} ${set.version} not possible (${messageOf(error)}); building from source`);
      }
    }
    if (!done) {
      if (!(await hasGo(env))) {
        failures.push('build: go is not on PATH');
        throw new K8sdocError('binaries-unavailable', `${set.name} ${set.version} binaries are not available (${failures.join('; ')})`, {
          exit: 'precondition',
          hint: 'install Go >= 1.26 and run `k8sdoc cluster provision`, or put the binaries in a folder and pass --bin-dir (or set K8SDOC_BIN_DIR)',
        });
      }
      await build(set, staging, options);
    }
    for (const binary of Object.keys(set.binaries)) await chmod(path.join(staging, binary), 0o755);
    await verifyVersion(set, staging);
    await writeFile(path.join(staging, MARKER), `${new Date().toISOString()}\n`);
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
    return dir;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function hasGo(env: NodeJS.ProcessEnv): Promise<boolean> {
  const result = await execa('go', ['version'], { env, reject: false });
  return result.exitCode === 0;
}

/**
 * Where each binary lives: --bin-dir / K8SDOC_BIN_DIR (used as given), else the cache, else
 * provisioned now (download, then build).
 */
export async function resolveBinaries(names: readonly BinaryName[], options: ProvisionOptions = {}): Promise<Record<BinaryName, string>> {
  const env = options.env ?? process.env;
  const binDir = options.binDir ?? env.K8SDOC_BIN_DIR;
  const out = {} as Record<BinaryName, string>;
  if (binDir) {
    for (const name of names) {
      const file = path.join(binDir, name);
      if (!isExecutable(file)) {
        throw new K8sdocError('binary-missing', `${name} is not an executable file in ${binDir}`, { exit: 'precondition', hint: 'put every control-plane binary in that folder, or drop --bin-dir/K8SDOC_BIN_DIR to use the cache' });
      }
      out[name] = file;
    }
    return out;
  }
  const sets = [...new Set(names.map(setOf))];
  for (const set of sets) {
    const dir = await provisionSet(set, options);
    for (const name of names) if (name in set.binaries) out[name] = path.join(dir, name);
  }
  return out;
}

/** Provisions every set (the `cluster provision` command and CI). */
export async function provisionAll(options: ProvisionOptions = {}): Promise<string[]> {
  const dirs: string[] = [];
  for (const set of COMPONENT_SETS) dirs.push(await provisionSet(set, options));
  return dirs;
}

/** The cached binary path without provisioning, or undefined (etcd commands look here last). */
export function cachedBinary(name: BinaryName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const binDir = env.K8SDOC_BIN_DIR;
  if (binDir && isExecutable(path.join(binDir, name))) return path.join(binDir, name);
  const dir = cachedSet(setOf(name), env);
  return dir ? path.join(dir, name) : undefined;
}

export function readMarker(set: ComponentSet, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = path.join(cacheDirOf(set, env), MARKER);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}
