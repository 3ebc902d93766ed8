import { describe, expect, it } from 'vitest';
import { logQuery, renderCriLog } from '../../../src/embedded/kubelet-server.js';
import { backoffMs } from '../../../src/embedded/supervise.js';

const CRI = [
  '2026-12-04T01:00:00.000000000Z stdout F starting',
  '2026-12-04T01:00:01.000000000Z stderr P connecting to ',
  '2026-12-04T01:00:01.500000000Z stderr F db:5432',
  '2026-12-04T01:00:02.000000000Z stdout F listening on :8080',
  'not a cri line',
  '',
].join('\n');

describe('the embedded kubelet server serves logs as a kubelet does', () => {
  it('joins partial lines and keeps both streams in order', () => {
    expect(renderCriLog(CRI, { timestamps: false })).toBe('starting\nconnecting to db:5432\nlistening on :8080\n');
  });

  it('applies tailLines, limitBytes, timestamps and since', () => {
    const params = (q: string): ReturnType<typeof logQuery> => logQuery(new URLSearchParams(q), new Date('2026-12-04T01:00:03Z'));
    expect(renderCriLog(CRI, params('tailLines=1'))).toBe('listening on :8080\n');
    expect(renderCriLog(CRI, params('tailLines=0'))).toBe('');
    expect(renderCriLog(CRI, params('tail=all'))).toBe('starting\nconnecting to db:5432\nlistening on :8080\n');
    expect(renderCriLog(CRI, params('limitBytes=5'))).toBe('start');
    expect(renderCriLog(CRI, params('timestamps=true&tailLines=1'))).toBe('2026-12-04T01:00:02.000000000Z listening on :8080\n');
    expect(renderCriLog(CRI, params('sinceSeconds=2'))).toBe('connecting to db:5432\nlistening on :8080\n');
    expect(renderCriLog(CRI, params('sinceTime=2026-12-04T01:00:02Z'))).toBe('listening on :8080\n');
  });
});

describe('the supervisor back-off', () => {
  it('doubles from 1s up to 30s, as a kubelet backs off a crashing static pod', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });
});
