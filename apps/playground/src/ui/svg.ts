// A tiny SVG builder: element(tag, attributes, children).
const NS = 'http://www.w3.org/2000/svg';

export function element(tag: string, attributes: Record<string, string | number> = {}, children: (SVGElement | string)[] = []): SVGElement {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  for (const child of children) node.append(child);
  return node;
}
