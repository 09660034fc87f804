// JSX with a local factory (no React): the program builds and renders an element tree.
type El = { tag: string | Function; props: Record<string, unknown>; children: unknown[] };
const React = { createElement: (tag: string | Function, props: Record<string, unknown> | null, ...children: unknown[]): El => ({ tag, props: props ?? {}, children }) };
function render(node: unknown): string {
  if (typeof node !== 'object' || node === null) return String(node);
  const el = node as El;
  if (typeof el.tag === 'function') return render(el.tag({ ...el.props, children: el.children }));
  return `<${el.tag}${Object.entries(el.props).map(([k, v]) => ` ${k}="${v}"`).join('')}>${el.children.map(render).join('')}</${el.tag}>`;
}
const Item = ({ label }: { label: string }) => <li class="item">{label}</li>;
const list = <ul>{['a', 'b'].map((l) => <Item label={l} />)}</ul>;
console.log(render(list));
