/**
 * JSON.parse keeps the last of two equal keys, and other parsers keep the first: a token with
 * `{"sub":"a","sub":"b"}` means different things to different readers (RFC 8725 §3.7). This parse
 * refuses duplicate keys, at any depth, and anything that is not a JSON object.
 */
export function parseStrictJsonObject(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return hasDuplicateKeys(text) ? undefined : (value as Record<string, unknown>);
}

/** Scans text already known to be valid JSON; a string is a key when it sits in an object and a ':' follows it. */
function hasDuplicateKeys(text: string): boolean {
  const containers: Array<Set<string> | null> = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '{') containers.push(new Set());
    else if (char === '[') containers.push(null);
    else if (char === '}' || char === ']') containers.pop();
    else if (char === '"') {
      const end = endOfString(text, i);
      const keys = containers[containers.length - 1];
      if (keys && text[skipWhitespace(text, end + 1)] === ':') {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (keys.has(key)) return true;
        keys.add(key);
      }
      i = end;
    }
    i++;
  }
  return false;
}

/** Index of the closing quote of the string that opens at `start`. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i;
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  return i;
}
