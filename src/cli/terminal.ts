/** The environment variables meshlint reads about the terminal. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Whether pretty output is coloured, and whether its links are OSC 8 hyperlinks.
 * `--color`/`--no-color` decide first; then NO_COLOR (any non-empty value) turns colour off and
 * FORCE_COLOR (other than "0" or "false") on; otherwise colour only when stdout is a terminal.
 * Hyperlinks need colour and a terminal known to show them (not inside tmux or screen, which
 * may drop them), or FORCE_HYPERLINK; anywhere else links are written out as plain text.
 */
export function colorChoice({ flag, isTTY, env }: { flag: boolean | undefined; isTTY: boolean; env: Env }): { color: boolean; hyperlinks: boolean } {
  const force = env.FORCE_COLOR !== undefined && !['0', 'false'].includes(env.FORCE_COLOR);
  const color = flag ?? (env.NO_COLOR ? false : force || (isTTY && env.TERM !== 'dumb'));
  if (!color) return { color, hyperlinks: false };
  if (env.FORCE_HYPERLINK !== undefined) return { color, hyperlinks: !['0', 'false', ''].includes(env.FORCE_HYPERLINK) };
  if (!isTTY || env.TMUX || env.STY || env.CI) return { color, hyperlinks: false };
  const vte = Number(env.VTE_VERSION ?? 0);
  const known = ['iTerm.app', 'WezTerm', 'vscode', 'ghostty'].includes(env.TERM_PROGRAM ?? '')
    || Boolean(env.WT_SESSION) || Boolean(env.KITTY_WINDOW_ID) || vte >= 5000 || env.TERM === 'xterm-kitty';
  return { color, hyperlinks: known };
}
