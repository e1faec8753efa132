import type { Location } from '../ast/types';
import { RegoCompileError } from '../errors';

export type TokenKind = 'ident' | 'number' | 'string' | 'rawstring' | 'punct' | 'newline' | 'eof';

export interface Token {
  kind: TokenKind;
  /** identifier/punctuation text, number source text, or the decoded string value */
  text: string;
  loc: Location;
}

// Longest first, so `:=` wins over `:` and `==` over `=`.
const PUNCTUATION = [':=', '==', '!=', '<=', '>=', '(', ')', '[', ']', '{', '}', ',', ';', ':', '.', '=', '<', '>', '+', '-', '*', '/', '%', '|', '&'];

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

const NUMBER = /^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Splits Rego source into tokens; newlines are tokens because they separate body expressions. */
export function tokenize(source: string, file: string): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  let row = 1;
  let lineStart = 0;
  const here = (): Location => ({ file, row, col: offset - lineStart + 1 });
  const fail = (message: string, loc: Location = here()): never => {
    throw new RegoCompileError([{ code: 'rego_parse_error', message, loc }]);
  };

  while (offset < source.length) {
    const char = source[offset];
    if (char === '\n') {
      tokens.push({ kind: 'newline', text: '\n', loc: here() });
      offset++;
      row++;
      lineStart = offset;
    } else if (char === ' ' || char === '\t' || char === '\r') {
      offset++;
    } else if (char === '#') {
      while (offset < source.length && source[offset] !== '\n') offset++;
    } else if (char === '"') {
      const loc = here();
      offset++;
      let value = '';
      for (;;) {
        if (offset >= source.length || source[offset] === '\n') fail('non-terminated string', loc);
        const c = source[offset];
        if (c === '"') { offset++; break; }
        if (c !== '\\') { value += c; offset++; continue; }
        const escape = source[offset + 1];
        if (escape === 'u') {
          const hex = source.slice(offset + 2, offset + 6);
          if (!/^[0-9A-Fa-f]{4}$/.test(hex)) fail(`invalid unicode escape \\u${hex}`);
          // Surrogate pairs arrive as two escapes; JS strings are UTF-16, so concatenating them joins the pair.
          value += String.fromCharCode(parseInt(hex, 16));
          offset += 6;
        } else if (escape !== undefined && escape in SIMPLE_ESCAPES) {
          value += SIMPLE_ESCAPES[escape];
          offset += 2;
        } else {
          fail(`illegal escape sequence \\${escape ?? ''}`);
        }
      }
      tokens.push({ kind: 'string', text: value, loc });
    } else if (char === '`') {
      const loc = here();
      const end = source.indexOf('`', offset + 1);
      if (end < 0) fail('non-terminated raw string', loc);
      const text = source.slice(offset + 1, end);
      for (let index = offset + 1; index < end; index++) {
        if (source[index] === '\n') { row++; lineStart = index + 1; }
      }
      offset = end + 1;
      tokens.push({ kind: 'rawstring', text, loc });
    } else {
      const rest = source.slice(offset, offset + 400);
      const number = NUMBER.exec(rest);
      const ident = IDENT.exec(rest);
      if (number && /[0-9]/.test(char)) {
        tokens.push({ kind: 'number', text: number[0], loc: here() });
        offset += number[0].length;
      } else if (ident) {
        tokens.push({ kind: 'ident', text: ident[0], loc: here() });
        offset += ident[0].length;
      } else {
        const punct = PUNCTUATION.find((p) => source.startsWith(p, offset));
        if (punct === undefined) fail(`illegal token ${JSON.stringify(char)}`);
        tokens.push({ kind: 'punct', text: punct as string, loc: here() });
        offset += (punct as string).length;
      }
    }
  }
  tokens.push({ kind: 'eof', text: '', loc: here() });
  return tokens;
}
