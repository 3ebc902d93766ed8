import { describe, expect, it } from 'vitest';
import { CorefileError, parseCorefile, plugin } from '../../../src/dns/corefile.js';

describe('the Corefile reader', () => {
  it('reads server blocks, plugins with arguments and nested blocks, with their lines', () => {
    const { servers } = parseCorefile(`# cluster DNS
.:53 {
    errors
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
    }
    forward . /etc/resolv.conf { max_concurrent 1000 }
}
example.org:5353 corp.example:5353 {
    forward . 10.0.0.2 10.0.0.3
}
`);
    expect(servers.map((s) => s.keys)).toEqual([['.:53'], ['example.org:5353', 'corp.example:5353']]);
    const kubernetes = plugin(servers[0]!, 'kubernetes');
    expect(kubernetes).toMatchObject({ args: ['cluster.local', 'in-addr.arpa', 'ip6.arpa'], line: 4 });
    expect(kubernetes?.block.map((d) => [d.name, d.args])).toEqual([['pods', ['insecure']], ['fallthrough', ['in-addr.arpa', 'ip6.arpa']]]);
    expect(plugin(servers[0]!, 'forward')?.block.map((d) => d.name)).toEqual(['max_concurrent']);
    expect(plugin(servers[1]!, 'forward')?.args).toEqual(['.', '10.0.0.2', '10.0.0.3']);
  });

  it('handles braces glued to words, quoted arguments and comments after directives', () => {
    const { servers } = parseCorefile('.:53{\n  hosts "/etc/my hosts" # local names\n  log\n}\n');
    expect(servers[0]?.directives.map((d) => [d.name, d.args])).toEqual([['hosts', ['/etc/my hosts']], ['log', []]]);
  });

  it('leaves import snippets out of the servers', () => {
    expect(parseCorefile('(common) {\n  errors\n}\n.:53 {\n  import common\n}\n').servers.map((s) => s.keys)).toEqual([['.:53']]);
  });

  it('rejects unbalanced braces with the line to look at', () => {
    expect(() => parseCorefile('.:53 {\n  errors\n')).toThrow(new CorefileError('"{" is never closed', 1));
    expect(() => parseCorefile('}\n')).toThrow(/line 1: "}" without a matching "{"/);
    expect(() => parseCorefile('.:53\n')).toThrow(/server block ".:53" has no "{"/);
  });
});
