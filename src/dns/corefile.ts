/**
 * A Corefile reader, enough to judge a CoreDNS configuration: server blocks with their zones,
 * and the plugins (directives) of each with arguments and nested blocks.
 */

export interface Directive {
  name: string;
  args: string[];
  block: Directive[];
  /** 1-based line in the Corefile, for evidence */
  line: number;
}

export interface ServerBlock {
  /** zones and ports: `.:53`, `cluster.local:53` */
  keys: string[];
  directives: Directive[];
  line: number;
}

export interface Corefile {
  servers: ServerBlock[];
}

export class CorefileError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

interface Token {
  text: string;
  line: number;
  /** the first token of its line */
  first: boolean;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    let first = true;
    // quoted strings keep their spaces; # starts a comment outside quotes
    for (const match of raw.matchAll(/"((?:[^"\\]|\\.)*)"|(#.*$)|([^\s"#]+)/g)) {
      if (match[2] !== undefined) break;
      const value = match[1] ?? match[3] ?? '';
      // `{` and `}` glued to a word (`.:53{`) are tokens of their own
      for (const part of match[1] !== undefined ? [value] : value.split(/(?=[{}])|(?<=[{}])/)) {
        if (part === '') continue;
        tokens.push({ text: part, line: index + 1, first });
        first = false;
      }
    }
  });
  return tokens;
}

/** Parses a Corefile; throws CorefileError (with the line) on unbalanced braces. */
export function parseCorefile(text: string): Corefile {
  const tokens = tokenize(text);
  let at = 0;

  /** The directives of a block up to its closing brace. */
  const directives = (openedAt: number): Directive[] => {
    const out: Directive[] = [];
    while (at < tokens.length) {
      const token = tokens[at] as Token;
      if (token.text === '}') {
        at++;
        return out;
      }
      const words: Token[] = [token];
      at++;
      while (at < tokens.length && !(tokens[at] as Token).first && (tokens[at] as Token).text !== '{' && (tokens[at] as Token).text !== '}') {
        words.push(tokens[at] as Token);
        at++;
      }
      const directive: Directive = { name: token.text, args: words.slice(1).map((w) => w.text), block: [], line: token.line };
      if (at < tokens.length && (tokens[at] as Token).text === '{' && (tokens[at] as Token).line === token.line) {
        at++;
        directive.block = directives(token.line);
      }
      out.push(directive);
    }
    throw new CorefileError('"{" is never closed', openedAt);
  };

  const servers: ServerBlock[] = [];
  while (at < tokens.length) {
    const start = tokens[at] as Token;
    const keys: string[] = [];
    while (at < tokens.length && (tokens[at] as Token).text !== '{') {
      const token = tokens[at] as Token;
      if (token.text === '}') throw new CorefileError('"}" without a matching "{"', token.line);
      keys.push(token.text.replace(/,$/, ''));
      at++;
    }
    if (at >= tokens.length) throw new CorefileError(`server block "${keys.join(' ')}" has no "{"`, start.line);
    at++;
    const block = directives(start.line);
    // `(name) { ... }` is a snippet for `import`, not a server
    if (!keys[0]?.startsWith('(')) servers.push({ keys, directives: block, line: start.line });
  }
  return { servers };
}

/** The first directive of a server block with this plugin name. */
export function plugin(server: ServerBlock, name: string): Directive | undefined {
  return server.directives.find((d) => d.name === name);
}
