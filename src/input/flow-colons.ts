/**
 * A `:` at the end of a plain scalar in a flow collection, as go-yaml v2 reads it. Its scanner
 * (scannerc.go, yaml_parser_scan_plain_scalar) ends a plain scalar in flow context only at a
 * blank, at `,` `?` `[` `]` `{` `}`, or at a `:` followed by a blank: so `[1.2.3.4, 001:db8::]`
 * holds the string "001:db8::", and `{a:}` the key "a:". YAML 1.2 readers (the `yaml`
 * library, js-yaml) end the scalar at a `:` followed by `,` `]` or `}` and read a mapping
 * instead: `{"001:db8:": null}`. Documents with such a colon take the full reading (see
 * `fast-data.ts`), which reads them as go-yaml does with the two functions below.
 */
import { Parser, visit, type CST, type Document } from 'yaml';

/** Where a text may have such a colon: the cheap test before the token walk. */
export const MAYBE_FLOW_COLON = /:[,\]}]/;

type Item = CST.CollectionItem;

/**
 * The offsets of the colons that go-yaml v2 keeps inside a plain scalar: a `:` right after a
 * plain key in a flow collection, directly followed by `,` `]` or `}`.
 */
function flowColons(source: string, tokens: readonly CST.Token[]): number[] {
  const found: number[] = [];
  const item = (entry: Item, flow: boolean) => {
    const key = entry.key;
    const colon = entry.sep?.[0];
    if (flow && key?.type === 'scalar' && colon?.type === 'map-value-ind' && colon.offset === key.offset + key.source.length
      && ',]}'.includes(source[colon.offset + 1] ?? ' ')) found.push(colon.offset);
    if (key) node(key, flow);
    if (entry.value) node(entry.value, flow);
  };
  const node = (token: CST.Token, flow: boolean) => {
    if (token.type === 'document') {
      if (token.value) node(token.value, false);
    } else if (token.type === 'flow-collection') {
      for (const entry of token.items) item(entry, true);
    } else if (token.type === 'block-map' || token.type === 'block-seq') {
      for (const entry of token.items) item(entry as Item, flow);
    }
  };
  for (const token of tokens) node(token, false);
  return found;
}

/**
 * The tokens of a document read as go-yaml v2 reads such colons, or `undefined` when it has
 * none (almost always). The colons are read as a placeholder character, so that every offset
 * stays where it is, and `restore` puts them back into the composed document's scalars.
 */
export function goFlowColons(source: string, tokens: readonly CST.Token[]): { tokens: CST.Token[]; restore: (document: Document.Parsed) => void } | undefined {
  if (!MAYBE_FLOW_COLON.test(source)) return undefined;
  const colons = flowColons(source, tokens);
  if (colons.length === 0) return undefined;
  // A private-use character the text does not hold: a plain-scalar character to every reader.
  let code = 0xe000;
  while (source.includes(String.fromCharCode(code))) code++;
  const placeholder = String.fromCharCode(code);
  let masked = '';
  let from = 0;
  for (const at of colons) {
    masked += `${source.slice(from, at)}${placeholder}`;
    from = at + 1;
  }
  masked += source.slice(from);
  return {
    tokens: [...new Parser().parse(masked)],
    restore: (document) => visit(document, {
      Scalar(_, scalar) {
        if (typeof scalar.value === 'string' && scalar.value.includes(placeholder)) scalar.value = scalar.value.split(placeholder).join(':');
      },
    }),
  };
}
