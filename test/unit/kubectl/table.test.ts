import { describe, expect, it } from 'vitest';
import { DESCRIBE_LAYOUT, TABLE_LAYOUT, Tabwriter, alignColumns, cellText, formatLabels } from '../../../src/kubectl/table.js';

// expected outputs were produced by Go's text/tabwriter with kubectl's settings
describe('Tabwriter', () => {
  it('lays out a get table like kubectl (min width 6, padding 3, last column unpadded)', () => {
    expect(
      alignColumns([
        ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
        ['web-1', '1/1', 'Running', '5 (2m ago)', '10m'],
        ['x', '0/1', 'CrashLoopBackOff', '0', '1s'],
      ]),
    ).toBe(
      'NAME    READY   STATUS             RESTARTS     AGE\n' +
        'web-1   1/1     Running            5 (2m ago)   10m\n' +
        'x       0/1     CrashLoopBackOff   0            1s\n',
    );
  });

  it('aligns describe output by column blocks, as kubectl describe does', () => {
    const text = [
      'Name:\tweb-1',
      'Namespace:\tdefault',
      'Labels:\tapp=web',
      '\ttier=front',
      'Containers:',
      '  app:',
      '    Image:\tnginx',
      '    Restart Count:\t5',
      '    Limits:',
      '      memory:\t128Mi',
      'Conditions:',
      '  Type\tStatus',
      '  Initialized \tTrue ',
      '  PodReadyToStartContainers \tTrue ',
      'QoS Class:\tBestEffort',
    ];
    expect(new Tabwriter(DESCRIBE_LAYOUT).format(text)).toBe(
      [
        'Name:       web-1',
        'Namespace:  default',
        'Labels:     app=web',
        '            tier=front',
        'Containers:',
        '  app:',
        '    Image:          nginx',
        '    Restart Count:  5',
        '    Limits:',
        '      memory:  128Mi',
        'Conditions:',
        '  Type                        Status',
        '  Initialized                 True ',
        '  PodReadyToStartContainers   True ',
        'QoS Class:                    BestEffort',
        '',
      ].join('\n'),
    );
  });

  it('pads empty cells like any other', () => {
    expect(alignColumns([['A', 'B'], ['', 'empty-first'], ['longer-than-a', 'z']])).toBe('A               B\n                empty-first\nlonger-than-a   z\n');
  });

  it('keeps columns as wide as earlier pages when it remembers widths', () => {
    const writer = new Tabwriter(TABLE_LAYOUT, true);
    expect(writer.format([['NAME', 'AGE'], ['a-long-pod-name', '1m']])).toBe('NAME              AGE\na-long-pod-name   1m\n');
    expect(writer.format([['b', '2m']])).toBe('b                 2m\n');
    writer.reset();
    expect(writer.format([['b', '2m']])).toBe('b     2m\n');
  });
});

describe('cellText', () => {
  it('cuts a cell at the first line break and marks the cut', () => {
    expect(cellText('first line\nsecond line')).toBe('first line...');
  });

  it('shows the escape character instead of passing it to the terminal', () => {
    expect(cellText('\x1b[31mred')).toBe('^[[31mred');
  });
});

describe('formatLabels', () => {
  it('sorts labels and says <none> when there are none', () => {
    expect(formatLabels({ tier: 'web', app: 'shop' })).toBe('app=shop,tier=web');
    expect(formatLabels(undefined)).toBe('<none>');
  });
});
