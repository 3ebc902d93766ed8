import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTool, pkiDirConnection, resolveConnection } from '../../../src/etcd/connection.js';
import { connectionArgs } from '../../../src/etcd/etcdctl.js';
import { ExitCode } from '../../../src/errors.js';
import { tempDir } from './fixtures.js';
import { failureOf } from '../../helpers/errors.js';

function pkiDir(files: string[]): string {
  const dir = tempDir('pki');
  for (const f of files) writeFileSync(path.join(dir, f), 'pem');
  return dir;
}

describe('etcd connection', () => {
  it('prefers the least-privileged healthcheck-client pair of a kubeadm etcd PKI folder', () => {
    const dir = pkiDir(['ca.crt', 'server.crt', 'server.key', 'healthcheck-client.crt', 'healthcheck-client.key']);
    expect(pkiDirConnection(dir, ['https://127.0.0.1:2379'], 'test')).toMatchObject({ cert: path.join(dir, 'healthcheck-client.crt'), key: path.join(dir, 'healthcheck-client.key') });
    const serverOnly = pkiDir(['ca.crt', 'server.crt', 'server.key']);
    expect(pkiDirConnection(serverOnly, ['https://127.0.0.1:2379'], 'test').cert).toBe(path.join(serverOnly, 'server.crt'));
  });

  it('passes TLS material to etcdctl as flags, never through a shell', async () => {
    const dir = pkiDir(['ca.crt', 'healthcheck-client.crt', 'healthcheck-client.key']);
    const connection = await resolveConnection({ 'pki-dir': dir, endpoints: 'https://10.0.0.11:2379,https://10.0.0.12:2379' });
    expect(connectionArgs(connection)).toEqual([
      '--endpoints=https://10.0.0.11:2379,https://10.0.0.12:2379',
      `--cacert=${path.join(dir, 'ca.crt')}`,
      `--cert=${path.join(dir, 'healthcheck-client.crt')}`,
      `--key=${path.join(dir, 'healthcheck-client.key')}`,
    ]);
  });

  it('refuses bad combinations and unreadable files with one-line errors and documented exit codes', async () => {
    expect((await failureOf(() => resolveConnection({ embedded: 'x', endpoints: 'https://a:2379' }))).exitCode).toBe(ExitCode.usage);
    expect((await failureOf(() => resolveConnection({ endpoints: 'https://a:2379', cert: '/etc/hostname' }))).message).toMatch(/--cert and --key go together/);
    expect((await failureOf(() => resolveConnection({ endpoints: 'not an endpoint' }))).exitCode).toBe(ExitCode.usage);
    expect((await failureOf(() => resolveConnection({ endpoints: 'https://a:2379', cacert: '/nonexistent/ca.crt' }))).exitCode).toBe(ExitCode.precondition);
    const empty = tempDir('none');
    expect((await failureOf(() => resolveConnection({ 'pki-dir': empty }))).exitCode).toBe(ExitCode.precondition);
    expect((await failureOf(() => resolveConnection({ embedded: 'nope' }, { K8SDOC_STATE_DIR: empty }))).message).toBe('there is no embedded cluster named "nope"');
  });

  it('says plainly when no etcdctl can be found (exit 4)', async () => {
    const empty = tempDir('none');
    mkdirSync(path.join(empty, 'bin'));
    const error = await failureOf(() => findTool('etcdctl', undefined, { PATH: path.join(empty, 'bin'), K8SDOC_CACHE_DIR: empty }));
    expect(error.exitCode).toBe(ExitCode.precondition);
    expect(error.oneLine()).toMatch(/etcdctl was not found .*pass --etcdctl PATH/);
  });
});
