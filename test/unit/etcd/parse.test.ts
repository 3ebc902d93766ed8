import { describe, expect, it } from 'vitest';
import { etcdctlError, lastErrorLine } from '../../../src/etcd/etcdctl.js';
import { failedEndpoints, goDurationMs, parseAlarms, parseEndpointHealth, parseEndpointStatus, parseFields, parseMemberList, parseSnapshotStatus } from '../../../src/etcd/parse.js';
import { ExitCode } from '../../../src/errors.js';
import { fixture } from './fixtures.js';

describe('etcdctl and etcdutl JSON', () => {
  it('keeps uint64 member and cluster ids exact and shows them in hex, as etcdctl tables do', () => {
    const [status] = parseEndpointStatus(fixture('endpoint-status.json'));
    // 2084218837030855553 is above 2^53: JSON.parse alone would round it
    expect(status?.memberId).toBe('1ceca1fd5766e381');
    expect(status?.leader).toBe('1ceca1fd5766e381');
    expect(status?.clusterId).toBe('f19ea217e03c5bd7');
    expect(status).toMatchObject({ version: '3.6.8', dbSize: 1069056, dbSizeInUse: 1003520, dbSizeQuota: 2147483648, raftTerm: 4, raftIndex: 1250, isLearner: false, errors: [] });
    const members = parseMemberList(fixture('member-list-three.json'));
    expect(members.members.map((m) => m.id)).toEqual(['1ceca1fd5766e381', 'a2a592c86d0ee294', '57d417fd04962d21']);
  });

  it('reads the NOSPACE alarm etcd prints as a number, and the errors a member reports with it', () => {
    expect(parseAlarms(fixture('alarm-list-nospace.json'))).toEqual([{ memberId: '1ceca1fd5766e381', alarm: 'NOSPACE' }]);
    expect(parseAlarms(fixture('alarm-list-none.json'))).toEqual([]);
    expect(parseEndpointStatus(fixture('endpoint-status-nospace.json'))[0]?.errors).toEqual(['memberID:2084218837030855553 alarm:NOSPACE ']);
    expect(parseAlarms('{"alarms":[{"memberID":1,"alarm":2}]}')[0]?.alarm).toBe('CORRUPT');
  });

  it('reads health with its commit latency, and the endpoints that gave no status', () => {
    expect(parseEndpointHealth(fixture('endpoint-health-three.json'))).toEqual([
      { endpoint: 'https://10.0.0.11:2379', health: true, tookMs: 9.817283, error: undefined },
      { endpoint: 'https://10.0.0.12:2379', health: true, tookMs: 1200, error: undefined },
      { endpoint: 'https://10.0.0.13:2379', health: false, tookMs: 5001.273, error: 'failed to commit proposal: context deadline exceeded' },
    ]);
    expect(failedEndpoints(fixture('endpoint-status-three.stderr'))).toEqual([{ endpoint: 'https://10.0.0.13:2379', error: 'context deadline exceeded' }]);
    expect(parseEndpointStatus('null\n')).toEqual([]);
    expect(goDurationMs('850µs')).toBeCloseTo(0.85);
  });

  it('reads etcdutl snapshot status and get --count-only fields', () => {
    expect(parseSnapshotStatus(fixture('snapshot-status.json'))).toEqual({ hash: 2031492384, revision: 51, totalKey: 50, totalSize: 24576, version: '3.6.0' });
    expect(parseFields('"ClusterID" : 17410531432890915799\n"Revision" : 358\n"More" : false\n"Count" : 270\n')).toMatchObject({ Revision: 358, Count: 270 });
    expect(() => parseSnapshotStatus('{"hash":1}')).toThrow(/no revision/);
  });
});

describe('etcdctl failures as one-line errors', () => {
  it('says nothing answers when the connection is refused (exit 3)', () => {
    const error = etcdctlError('read the etcd member list', ['https://127.0.0.1:1'], fixture('unreachable.stderr'));
    expect(error.exitCode).toBe(ExitCode.cluster);
    expect(error.oneLine()).toMatch(/nothing answers at https:\/\/127\.0\.0\.1:1 \(connection refused\)/);
  });

  it('says the TLS connection was rejected, with the client-certificate hint, when the certificate is not trusted (exit 3)', () => {
    const error = etcdctlError('read the etcd member list', ['https://127.0.0.1:34953'], fixture('bad-certificate.stderr'));
    expect(error.code).toBe('etcd-tls');
    expect(error.exitCode).toBe(ExitCode.cluster);
    expect(error.hint).toMatch(/healthcheck-client/);
    expect(error.oneLine()).not.toContain('\n');
  });

  it('takes the last plain line of etcdctl output over its JSON logs', () => {
    expect(lastErrorLine(fixture('unreachable.stderr'))).toBe('Failed to get the status of endpoint https://127.0.0.1:1 (context deadline exceeded)');
  });
});
