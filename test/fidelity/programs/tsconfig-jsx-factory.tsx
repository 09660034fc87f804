// JSX with the factories ./tsconfig.json names (jsxFactory `h`, jsxFragmentFactory `Frag`).
const Frag = Symbol('Frag');
type Node = { tag: unknown; props: Record<string, unknown> | null; children: unknown[] };
function h(tag: unknown, props: Record<string, unknown> | null, ...children: unknown[]): Node { return { tag, props, children }; }
function render(node: unknown): string {
  if (Array.isArray(node)) return node.map(render).join('');
  if (typeof node !== 'object' || node === null) return String(node);
  const n = node as Node;
  if (n.tag === Frag) return n.children.map(render).join('');
  if (typeof n.tag === 'function') return render(n.tag({ ...n.props, children: n.children }));
  const attrs = Object.entries(n.props ?? {}).map(([k, v]) => ` ${k}="${v}"`).join('');
  return `<${n.tag}${attrs}>${n.children.map(render).join('')}</${n.tag}>`;
}
const Row = ({ name, children }: { name: string; children?: unknown[] }) => <tr><td>{name}</td>{children}</tr>;
console.log(render(<><table>{['a', 'b'].map((x) => <Row name={x}><td>{x.toUpperCase()}</td></Row>)}</table><p>end</p></>));
