import type { Formatter } from './formatter.js';

/** Every output format, each loaded only when asked for. */
const REGISTRY = {
  pretty: async () => (await import('./pretty.js')).pretty,
  text: async () => (await import('./text.js')).text,
  json: async () => (await import('./json.js')).json,
  sarif: async () => (await import('./sarif.js')).sarif,
  github: async () => (await import('./github.js')).github,
} satisfies Record<string, () => Promise<Formatter>>;

export type FormatName = keyof typeof REGISTRY;
export const FORMATS = Object.keys(REGISTRY) as readonly FormatName[];

export function formatter(name: FormatName): Promise<Formatter> {
  return REGISTRY[name]();
}
