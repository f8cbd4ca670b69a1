/**
 * Makes text from a file or argv safe for a terminal: control characters
 * (escape sequences, carriage returns, bells) become `\xHH`, and an excerpt
 * longer than `max` characters is cut with an ellipsis.
 */
export function printable(text: string, max = Infinity): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}
