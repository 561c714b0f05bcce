// The parser of the quick CEL evaluator (cel-lite.ts): CEL's grammar without message
// construction, bytes and uint literals. Macros parse as calls; the evaluator tells them apart.

/** An expression of the subset, as parsed. */
export type Node =
  | { k: 'lit'; v: unknown } | { k: 'id'; name: string } | { k: 'sel'; x: Node; f: string } | { k: 'idx'; x: Node; i: Node }
  | { k: 'call'; fn: string; target?: Node; args: Node[] } | { k: 'list'; items: Node[] } | { k: 'map'; entries: [Node, Node][] }
  | { k: 'un'; op: string; x: Node } | { k: 'bin'; op: string; a: Node; b: Node } | { k: 'cond'; c: Node; a: Node; b: Node };

/** Thrown for anything the quick evaluator does not decide. */
export const UNSURE = new Error('not decided here');
export const unsure = (): never => { throw UNSURE; };

const TOKEN = /\s*(?:(0x[0-9a-fA-F]+|\d+\.\d+(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+|\.\d+(?:[eE][-+]?\d+)?|\d+)([uU]?)|([rR]?)('''|"""|'|")|([A-Za-z_]\w*)|(==|!=|<=|>=|&&|\|\||[-+*/%!<>?:.,()[\]{}]))/y;

function tokens(text: string): { t: 'num' | 'str' | 'id' | 'op'; v: unknown }[] {
  const out: { t: 'num' | 'str' | 'id' | 'op'; v: unknown }[] = [];
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text) ?? unsure();
    at = TOKEN.lastIndex;
    if (m[1] !== undefined) {
      if (m[2]) unsure(); // uint literals
      out.push({ t: 'num', v: /[.eE]/.test(m[1]) && !m[1].startsWith('0x') ? Number(m[1]) : BigInt(m[1]) });
    } else if (m[4] !== undefined) {
      const quote = m[4];
      const end = text.indexOf(quote, at);
      let body = end < 0 ? unsure() : text.slice(at, end);
      // A backslash before the closing quote, in a non-raw string: left to the library.
      if (!m[3] && /\\$/.test(body.replace(/\\\\/g, ''))) unsure();
      at = end + quote.length;
      if (!m[3]) body = body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/gs, (_, e: string) =>
        e.length > 1 ? String.fromCharCode(parseInt(e.slice(1), 16)) : ({ n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", '"': '"' } as Record<string, string>)[e] ?? unsure());
      out.push({ t: 'str', v: body });
    } else if (m[5] !== undefined) out.push({ t: 'id', v: m[5] });
    else out.push({ t: 'op', v: m[6] });
  }
  return out;
}

/** Parses an expression of the subset; throws UNSURE for anything else. */
export function parse(text: string): Node {
  const toks = tokens(text);
  let i = 0;
  const peek = (v: string) => toks[i]?.t !== 'str' && toks[i]?.v === v;
  const eat = (v: string) => (peek(v) ? (i++, true) : false);
  const expect = (v: string) => { if (!eat(v)) unsure(); };
  const args = (close: string) => {
    const list: Node[] = [];
    while (!eat(close)) {
      if (list.length) expect(',');
      list.push(cond());
    }
    return list;
  };
  const primary = (): Node => {
    const tok = toks[i++] ?? unsure();
    if (tok.t === 'num' || tok.t === 'str') return { k: 'lit', v: tok.v };
    if (tok.t === 'id') {
      const name = tok.v as string;
      if (name === 'true' || name === 'false') return { k: 'lit', v: name === 'true' };
      if (name === 'null') return { k: 'lit', v: null };
      return eat('(') ? { k: 'call', fn: name, args: args(')') } : { k: 'id', name };
    }
    if (tok.v === '(') { const inner = cond(); expect(')'); return inner; }
    if (tok.v === '[') return { k: 'list', items: args(']') };
    if (tok.v === '{') {
      const entries: [Node, Node][] = [];
      while (!eat('}')) {
        if (entries.length) expect(',');
        const key = cond();
        expect(':');
        entries.push([key, cond()]);
      }
      return { k: 'map', entries };
    }
    return unsure();
  };
  const member = (): Node => {
    let node = primary();
    for (;;) {
      if (eat('.')) {
        const name = toks[i]?.t === 'id' ? (toks[i++]!.v as string) : unsure();
        node = eat('(') ? { k: 'call', fn: name, target: node, args: args(')') } : { k: 'sel', x: node, f: name };
      } else if (eat('[')) {
        node = { k: 'idx', x: node, i: cond() };
        expect(']');
      } else return node;
    }
  };
  const unary = (): Node => (eat('!') ? { k: 'un', op: '!', x: unary() } : eat('-') ? { k: 'un', op: '-', x: unary() } : member());
  const level = (ops: readonly string[], next: () => Node) => (): Node => {
    let node = next();
    for (let op = ops.find(peek); op; op = ops.find(peek)) { i++; node = { k: 'bin', op, a: node, b: next() }; }
    return node;
  };
  const mul = level(['*', '/', '%'], unary);
  const add = level(['+', '-'], mul);
  const rel = level(['==', '!=', '<=', '>=', '<', '>', 'in'], add);
  const and = level(['&&'], rel);
  const or = level(['||'], and);
  function cond(): Node {
    const c = or();
    if (!eat('?')) return c;
    const a = cond();
    expect(':');
    return { k: 'cond', c, a, b: cond() };
  }
  const root = cond();
  if (i !== toks.length) unsure();
  return root;
}
