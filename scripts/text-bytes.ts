/** Control characters that a generated page must not hold: all but tab and newline. */
export const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function lineAndColumn(text: string, index: number): string {
  const before = text.slice(0, index).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

/**
 * Why these bytes cannot be pasted into a UTF-8 page as they are, or undefined when they
 * can: UTF-16 (its NUL bytes would make the page binary), bytes that are not UTF-8, and
 * control characters other than tab and newline.
 */
export function describeBytes(bytes: Uint8Array): string | undefined {
  const size = `${bytes.length} bytes`;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return `${size} of UTF-16 text, little-endian with a byte-order mark`;
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return `${size} of UTF-16 text, big-endian with a byte-order mark`;
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const valid = new TextDecoder('utf-8').decode(bytes);
    const at = valid.indexOf('\ufffd');
    return `${size} that are not valid UTF-8 (the first bad byte is at ${lineAndColumn(valid, at)})`;
  }
  const control = CONTROL.exec(decoded);
  if (control) {
    const name = control[0] === '\0' ? 'a NUL byte' : control[0] === '\r' ? 'a carriage return' : `the control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`;
    return `${size} of UTF-8 that hold ${name} at ${lineAndColumn(decoded, control.index)}`;
  }
  return undefined;
}
