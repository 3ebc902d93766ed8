/** A minimal XML reader for asserting the structure of generated reports (no DTDs, no namespaces). */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** text and CDATA content, concatenated */
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const decode = (text: string): string => text.replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) => ENTITIES[name] ?? '');

export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const token = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\/([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*(\/?)>|([^<]+)/g;
  for (const match of xml.matchAll(token)) {
    const top = stack.at(-1) as XmlElement;
    const [, cdata, close, open, attributes, selfClosing, text] = match;
    if (cdata !== undefined) top.text += cdata;
    else if (close !== undefined) {
      if (top.name !== close) throw new Error(`</${close}> closes <${top.name}>`);
      stack.pop();
    } else if (open !== undefined) {
      const element: XmlElement = { name: open, attributes: {}, children: [], text: '' };
      for (const attr of (attributes ?? '').matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) element.attributes[attr[1] as string] = decode(attr[2] ?? '');
      top.children.push(element);
      if (!selfClosing) stack.push(element);
    } else if (text !== undefined && text.trim() !== '') top.text += decode(text);
    else if (match[0].startsWith('<') && !match[0].startsWith('<?') && !match[0].startsWith('<!--')) throw new Error(`cannot parse ${match[0]}`);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack.at(-1)?.name}>`);
  return root;
}
