import { visible } from './terminal-text.js';

/*
 * The GitHub Actions runner reads every line a step prints, on stdout and stderr, as a
 * possible workflow command: a line whose text after leading whitespace starts with `::`
 * (`::add-mask::…`, `::stop-commands::…`), or one that holds `##[` anywhere (the older
 * `##[command]` form). The functions here write values so that only meshlint's own
 * annotations are commands.
 */

/** A command's data, escaped as the runner unescapes it; other control characters made visible. */
export const commandData = (text: string) => visible(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));

/** A command's property value (`file=`, `title=`), escaped as the runner unescapes it. */
export const commandProperty = (text: string) => commandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * Text that the runner will not take for a command wherever it lands in a line: `##[`
 * is broken up, and a leading `::` loses its first colon; both are written as escapes,
 * in the style of `visible`. Apply after `visible`, so that the text is one line.
 */
export function inert(text: string): string {
  return text.replace(/##\[/g, '#\\u0023[').replace(/^(\s*):(?=:)/, '$1\\u003a');
}

/** `inert` for every line of text whose lines come from elsewhere (error messages on stderr). */
export function inertLines(text: string): string {
  return text.split('\n').map(inert).join('\n');
}
