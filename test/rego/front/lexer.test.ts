import assert from 'node:assert/strict';
import { tokenize } from '../../../connector/src/rego/lexer';
import { RegoCompileError } from '../../../connector/src/rego/errors';

function texts(source: string): string[] {
  return tokenize(source, 'p.rego').filter((t) => t.kind !== 'eof').map((t) => `${t.kind}:${t.text}`);
}

function lexError(source: string): string {
  try {
    tokenize(source, 'p.rego');
  } catch (error) {
    assert.ok(error instanceof RegoCompileError);
    return error.message;
  }
  assert.fail(`no error for ${source}`);
}

describe('Rego lexer', () => {
  it('prefers the longest operator and keeps newlines as separators', () => {
    assert.deepEqual(texts('x := 1\ny != 2 # note'), ['ident:x', 'punct::=', 'number:1', 'newline:\n', 'ident:y', 'punct:!=', 'number:2']);
  });

  it('keeps numbers as exact source text', () => {
    assert.deepEqual(texts('12345678901234567890 1e400 0.1'), ['number:12345678901234567890', 'number:1e400', 'number:0.1']);
  });

  it('decodes escapes including surrogate pairs, and leaves raw strings alone', () => {
    const [plain, raw] = tokenize('"a\\n\\"\\ud83d\\ude00\\u00e9" `a\\n`', 'p.rego');
    assert.equal(plain.text, 'a\n"😀é');
    assert.equal(raw.kind, 'rawstring');
    assert.equal(raw.text, 'a\\n');
  });

  it('positions tokens after a multi-line raw string', () => {
    const tokens = tokenize('`a\nbc` x', 'p.rego');
    assert.deepEqual(tokens[1].loc, { file: 'p.rego', row: 2, col: 5 });
  });

  it('reports broken input with its position', () => {
    assert.equal(lexError('x := "abc'), 'p.rego:1:6: rego_parse_error: non-terminated string');
    assert.equal(lexError('x := 1\n  y := "\\q"'), 'p.rego:2:9: rego_parse_error: illegal escape sequence \\q');
    assert.equal(lexError('x := 1 ~ 2'), 'p.rego:1:8: rego_parse_error: illegal token "~"');
  });
});
