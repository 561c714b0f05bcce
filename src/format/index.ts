import type { Formatter } from './formatter.js';

export const FORMATS = ['pretty', 'text', 'json', 'sarif', 'github'] as const;
export type FormatName = (typeof FORMATS)[number];

/** Loads only the formatter asked for. */
export async function formatter(name: FormatName): Promise<Formatter> {
  switch (name) {
    case 'pretty': return (await import('./pretty.js')).pretty;
    case 'text': return (await import('./text.js')).text;
    case 'json': return (await import('./json.js')).json;
    case 'sarif': return (await import('./sarif.js')).sarif;
    case 'github': return (await import('./github.js')).github;
  }
}
