/** A configuration problem: printed as `file:line:col: message`, exit code 2. */
export class ConfigError extends Error {}
