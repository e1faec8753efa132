// Rego v1 parser: tokens → AST (../ast/types.ts). Recursive descent after OPA's grammar; operators become
// calls (`a + b` → plus(a, b)) so later stages see one shape. Newlines separate body expressions but are
// insignificant inside brackets, parentheses and after infix operators.
import type {
  Body, Every, Expr, Head, Import, Location, Module, Rule, RuleKind, SomeDecl, Term, Value, With,
} from '../ast/types';
import { RegoCompileError } from '../errors';
import { tokenize, type Token } from '../lexer';

const INFIX_LEVELS: Array<Record<string, string>> = [
  { '==': 'equal', '!=': 'neq', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' },
  { '|': 'or' },
  { '&': 'and' },
  { '+': 'plus', '-': 'minus' },
  { '*': 'mul', '/': 'div', '%': 'rem' },
];

const KEYWORDS = new Set(['package', 'import', 'default', 'if', 'else', 'contains', 'some', 'every', 'not', 'with', 'as', 'in']);

export function parseModule(text: string, file: string): Module {
  return new Parser(text, file).module();
}

/** A query such as `data.a.p = x; x > 1` (the form of `opa eval` and of conformance cases). */
export function parseQuery(text: string, file = 'query.rego'): Body {
  return new Parser(text, file).standaloneQuery();
}

export function varTerm(name: string, loc: Location): Term {
  return { value: { type: 'var', name }, loc };
}

export function refTerm(names: string[], loc: Location): Term {
  const [head, ...rest] = names;
  return { value: { type: 'ref', terms: [varTerm(head as string, loc), ...rest.map((n) => ({ value: { type: 'string', value: n } as Value, loc }))] }, loc };
}

function call(name: string, args: Term[], loc: Location): Term {
  return { value: { type: 'call', terms: [refTerm(name.split('.'), loc), ...args] }, loc };
}

class Parser {
  private readonly tokens: Token[];
  private pos = 0;
  /** depth of brackets/parentheses in which newlines are whitespace; a query body resets it */
  private newlineInsensitive: number[] = [0];

  constructor(text: string, private readonly file: string) {
    this.tokens = tokenize(text, file);
  }

  // ---- token helpers ----
  private skipNewlinesIfInsensitive(): void {
    if ((this.newlineInsensitive[this.newlineInsensitive.length - 1] ?? 0) > 0) {
      while (this.tokens[this.pos]?.kind === 'newline') this.pos++;
    }
  }
  private peek(offset = 0): Token {
    this.skipNewlinesIfInsensitive();
    let p = this.pos;
    let seen = 0;
    for (;;) {
      const t = this.tokens[p] as Token;
      if (t.kind === 'eof') return t;
      if (this.insensitive() && t.kind === 'newline') { p++; continue; }
      if (seen === offset) return t;
      seen++;
      p++;
    }
  }
  private insensitive(): boolean {
    return (this.newlineInsensitive[this.newlineInsensitive.length - 1] ?? 0) > 0;
  }
  private next(): Token {
    const t = this.peek();
    this.pos = this.tokens.indexOf(t, this.pos);
    this.pos++;
    return t;
  }
  private is(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return (t.kind === 'punct' || t.kind === 'ident') && t.text === text;
  }
  private accept(text: string): boolean {
    if (!this.is(text)) return false;
    this.next();
    return true;
  }
  private describe(t: Token): string {
    if (t.kind === 'eof') return 'end of file';
    if (t.kind === 'newline') return 'end of line';
    if (t.kind === 'string') return `string ${JSON.stringify(t.text)}`;
    return `"${t.text}"`;
  }
  private fail(expected: string, t: Token = this.peek()): never {
    throw new RegoCompileError([{ code: 'rego_parse_error', message: `unexpected ${this.describe(t)}: expected ${expected}`, loc: t.loc }]);
  }
  private error(message: string, loc: Location): never {
    throw new RegoCompileError([{ code: 'rego_parse_error', message, loc }]);
  }
  private expect(text: string, what = `"${text}"`): Token {
    if (!this.is(text)) this.fail(what);
    return this.next();
  }
  private skipSeparators(): void {
    while (this.tokens[this.pos]?.kind === 'newline' || (this.tokens[this.pos]?.kind === 'punct' && this.tokens[this.pos]?.text === ';')) this.pos++;
  }
  private skipNewlines(): void {
    while (this.tokens[this.pos]?.kind === 'newline') this.pos++;
  }
  private withNewlines<T>(insensitive: boolean, fn: () => T): T {
    const top = this.newlineInsensitive.length - 1;
    if (insensitive) this.newlineInsensitive[top] = (this.newlineInsensitive[top] ?? 0) + 1;
    else this.newlineInsensitive.push(0);
    try {
      return fn();
    } finally {
      if (insensitive) this.newlineInsensitive[top] = (this.newlineInsensitive[top] ?? 1) - 1;
      else this.newlineInsensitive.pop();
    }
  }
  private atLineEnd(): boolean {
    const t = this.tokens[this.pos] as Token;
    return t.kind === 'newline' || t.kind === 'eof' || (t.kind === 'punct' && (t.text === ';' || t.text === '}'));
  }

  // ---- module ----
  module(): Module {
    this.skipSeparators();
    const start = this.peek();
    if (!this.is('package')) this.fail('package declaration');
    this.next();
    const pkgRef = this.ref();
    const packagePath = this.refPath(pkgRef, 'package path');
    const imports: Import[] = [];
    const rules: Rule[] = [];
    this.endOfStatement();
    for (;;) {
      this.skipSeparators();
      const t = this.peek();
      if (t.kind === 'eof') break;
      if (this.is('import')) {
        this.next();
        const path = this.ref();
        let alias: string | undefined;
        if (this.accept('as')) alias = this.ident('alias');
        imports.push({ path, alias, loc: t.loc });
        this.endOfStatement();
        continue;
      }
      if (this.is('package')) this.error('a module has exactly one package declaration', t.loc);
      for (const rule of this.rule()) rules.push(rule);
      this.endOfStatement();
    }
    return { file: this.file, packagePath, imports, rules, loc: start.loc };
  }

  private endOfStatement(): void {
    if (!this.atLineEnd()) this.fail('end of line');
  }

  private ident(what: string): string {
    const t = this.peek();
    if (t.kind !== 'ident') this.fail(what);
    this.next();
    return t.text;
  }

  /** A plain ref: ident { .ident | [term] } */
  private ref(): Term {
    const t = this.peek();
    if (t.kind !== 'ident') this.fail('a reference');
    this.next();
    const terms: Term[] = [varTerm(t.text, t.loc)];
    this.refSuffixes(terms);
    return terms.length === 1 ? (terms[0] as Term) : { value: { type: 'ref', terms }, loc: t.loc };
  }

  private refPath(term: Term, what: string): string[] {
    const v = term.value;
    if (v.type === 'var') return [v.name];
    if (v.type !== 'ref') this.error(`invalid ${what}`, term.loc);
    const [head, ...rest] = v.terms;
    const out = [(head?.value as { name: string }).name];
    for (const p of rest) {
      if (p.value.type !== 'string') this.error(`invalid ${what}: only names and strings are allowed`, p.loc);
      out.push(p.value.value);
    }
    return out;
  }

  /** `.name` and `[term]` directly attached (no whitespace rule: Rego allows `a [1]`? no — but we accept adjacency only by token order). */
  private refSuffixes(terms: Term[]): void {
    for (;;) {
      const raw = this.tokens[this.pos] as Token;
      if (raw.kind === 'punct' && raw.text === '.') {
        this.pos++;
        const name = this.tokens[this.pos] as Token;
        if (name.kind !== 'ident') this.fail('a name after "."', name);
        this.pos++;
        terms.push({ value: { type: 'string', value: name.text }, loc: name.loc });
      } else if (raw.kind === 'punct' && raw.text === '[') {
        this.pos++;
        const key = this.withNewlines(true, () => {
          const k = this.exprTerm();
          this.expect(']');
          return k;
        });
        terms.push(key);
      } else {
        return;
      }
    }
  }

  // ---- rules ----
  private rule(): Rule[] {
    const start = this.peek();
    if (this.accept('default')) {
      const ref = this.ref();
      const path = this.headRef(ref);
      let args: Term[] | undefined;
      if (this.is('(')) args = this.callArgs();
      const assign = this.is(':=');
      if (!this.accept(':=') && !this.accept('=')) this.fail('":=" or "=" after the default rule name');
      const value = this.exprTerm();
      const head: Head = { ref: path, args, value, assign, loc: start.loc };
      return [{ kind: args ? 'function' : 'complete', head, body: [], isDefault: true, loc: start.loc, file: this.file }];
    }
    const ref = this.ref();
    const path = this.headRef(ref);
    let args: Term[] | undefined;
    if (this.is('(') && (this.tokens[this.pos] as Token).kind === 'punct') args = this.callArgs();
    let key: Term | undefined;
    let keyPath: Term[] | undefined;
    let leafSet = false;
    let kind: RuleKind;
    // `p[x].y := v`, `p.q[x][y] contains z`: an object rule at the constant prefix whose values nest along the rest
    const firstVar = args ? -1 : path.findIndex((t, i) => i > 0 && t.value.type !== 'string');
    const nested = firstVar > 0 && (firstVar < path.length - 1 || this.is('contains'));
    if (nested) {
      key = path[firstVar] as Term;
      keyPath = path.slice(firstVar + 1);
      path.length = firstVar;
      kind = 'partial_object';
      leafSet = this.accept('contains');
    } else if (this.accept('contains')) {
      key = this.exprTerm();
      kind = 'partial_set';
    } else if (args) {
      kind = 'function';
    } else {
      const last = path[path.length - 1] as Term;
      if (path.length > 1 && last.value.type !== 'string') {
        kind = 'partial_object';
        key = last;
        path.pop();
      } else {
        kind = 'complete';
      }
    }
    let value: Term | undefined;
    let assign = false;
    if (leafSet) {
      value = this.exprTerm();
    } else if (kind !== 'partial_set' && (this.is(':=') || this.is('='))) {
      assign = this.next().text === ':=';
      value = this.exprTerm();
    }
    const head: Head = { ref: path, args, key, value, assign, loc: start.loc };
    if (keyPath) {
      head.keyPath = keyPath;
      if (leafSet) head.leafSet = true;
    }
    const body = this.ruleBody();
    const rule: Rule = { kind, head, body, isDefault: false, loc: start.loc, file: this.file };
    let tail = rule;
    for (;;) {
      const save = this.pos;
      this.skipNewlines();
      if (!this.is('else')) {
        this.pos = save;
        break;
      }
      const elseTok = this.next();
      if (kind !== 'complete' && kind !== 'function') this.error('else keyword cannot be used on multi-value rules', elseTok.loc);
      let elseValue: Term | undefined;
      let elseAssign = false;
      if (this.is(':=') || this.is('=')) {
        elseAssign = this.next().text === ':=';
        elseValue = this.exprTerm();
      }
      const elseBody = this.ruleBody();
      const elseRule: Rule = {
        kind, head: { ref: path, args, value: elseValue, assign: elseAssign, loc: elseTok.loc }, body: elseBody, isDefault: false, loc: elseTok.loc, file: this.file,
      };
      tail.else = elseRule;
      tail = elseRule;
    }
    return [rule];
  }

  /** Head ref terms relative to the package: the head var then its operands. */
  private headRef(ref: Term): Term[] {
    const v = ref.value;
    if (v.type === 'var') {
      if (KEYWORDS.has(v.name)) this.error(`unexpected keyword "${v.name}": expected a rule`, ref.loc);
      return [ref];
    }
    if (v.type !== 'ref') this.error('expected a rule name', ref.loc);
    return [...v.terms];
  }

  private ruleBody(): Body {
    if (this.accept('if')) {
      if (this.is('{')) return this.braceQuery();
      return [this.literal()];
    }
    if (this.is('{')) this.error('`if` keyword is required before rule body', this.peek().loc);
    return [];
  }

  private braceQuery(): Body {
    this.expect('{');
    const body = this.withNewlines(false, () => this.query('}'));
    this.expect('}');
    return body;
  }

  private callArgs(): Term[] {
    this.expect('(');
    return this.withNewlines(true, () => {
      const args: Term[] = [];
      while (!this.is(')')) {
        args.push(this.exprTerm());
        if (!this.accept(',')) break;
      }
      this.expect(')', '")" or ","');
      return args;
    });
  }

  // ---- queries ----
  standaloneQuery(): Body {
    const body = this.query('');
    const t = this.peek();
    if (t.kind !== 'eof') this.fail('end of query');
    return body;
  }

  private query(closer: string): Body {
    const body: Body = [];
    this.skipSeparators();
    while (!(closer && this.is(closer)) && this.peek().kind !== 'eof') {
      body.push(this.literal());
      if (closer && this.is(closer)) break;
      const t = this.tokens[this.pos] as Token;
      if (t.kind !== 'newline' && !(t.kind === 'punct' && t.text === ';') && t.kind !== 'eof') this.fail('end of expression (new line or ";")', t);
      this.skipSeparators();
    }
    if (body.length === 0) this.error('found empty body', this.peek().loc);
    return body;
  }

  private literal(): Expr {
    const start = this.peek();
    if (this.accept('some')) return this.withModifiers(this.some(start.loc), false, start.loc);
    if (this.accept('every')) return this.withModifiers(this.every(), false, start.loc);
    const negated = this.accept('not');
    const expr = this.expression();
    return this.withModifiers(expr, negated, start.loc);
  }

  private withModifiers(terms: Term | SomeDecl | Every, negated: boolean, loc: Location): Expr {
    const withs: With[] = [];
    while (this.is('with')) {
      const w = this.next();
      const target = this.ref();
      this.expect('as');
      const value = this.exprTerm();
      withs.push({ target, value, loc: w.loc });
    }
    return { terms, negated, with: withs, loc };
  }

  private some(loc: Location): SomeDecl {
    const symbols: Term[] = [];
    const first = this.exprTermNoIn();
    if (this.is(',') || this.is('in')) {
      const vars = [first];
      while (this.accept(',')) vars.push(this.exprTermNoIn());
      if (this.accept('in')) {
        if (vars.length > 2) this.error('too many variables in "some … in"', loc);
        const domain = this.exprTermNoIn();
        const name = vars.length === 2 ? 'internal.member_3' : 'internal.member_2';
        symbols.push(call(name, [...vars, domain], loc));
        return { type: 'some', symbols };
      }
      for (const v of vars) {
        if (v.value.type !== 'var') this.error('expected variables after "some"', v.loc);
      }
      return { type: 'some', symbols: vars };
    }
    if (first.value.type !== 'var') this.error('expected variables after "some"', first.loc);
    return { type: 'some', symbols: [first] };
  }

  private every(): Every {
    const first = this.exprTermNoIn();
    let key: Term | undefined;
    let value = first;
    if (this.accept(',')) {
      key = first;
      value = this.exprTermNoIn();
    }
    for (const v of [key, value]) if (v && v.value.type !== 'var') this.error('expected variables after "every"', v.loc);
    this.expect('in', '"in" after the variables of "every"');
    const domain = this.exprTermNoIn();
    const body = this.braceQuery();
    return { type: 'every', key, value, domain, body };
  }

  /** An expression: term, unification/assignment, or `k, v in xs`. */
  private expression(): Term {
    const start = this.peek();
    const lhs = this.exprTerm();
    if (this.is(',')) {
      // `k, v in xs` as a test
      this.next();
      const value = this.exprTermNoIn();
      this.expect('in');
      const domain = this.exprTermNoIn();
      return call('internal.member_3', [lhs, value, domain], start.loc);
    }
    if (this.is(':=') || this.is('=')) {
      const op = this.next();
      const rhs = this.exprTerm();
      return call(op.text === ':=' ? 'assign' : 'eq', [lhs, rhs], op.loc);
    }
    return lhs;
  }

  /** Term with infix operators including `in` (lowest precedence). */
  exprTerm(noPipe = false): Term {
    let left = this.infix(0, noPipe);
    while (this.is('in')) {
      const op = this.next();
      const right = this.infix(0, noPipe);
      left = call('internal.member_2', [left, right], op.loc);
    }
    return left;
  }

  private exprTermNoIn(): Term {
    return this.infix(0);
  }

  /** `noPipe`: a leading `[x | …]` / `{x | …}` element, where `|` starts a comprehension body, not a union. */
  private infix(level: number, noPipe = false): Term {
    const ops = INFIX_LEVELS[level];
    if (!ops) return this.unary();
    let left = this.infix(level + 1, noPipe);
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'punct' || !(t.text in ops) || (noPipe && t.text === '|')) return left;
      this.next();
      this.skipNewlines();
      const right = this.infix(level + 1, noPipe);
      left = call(ops[t.text] as string, [left, right], t.loc);
    }
  }

  private unary(): Term {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === '-') {
      const n = this.peek(1);
      const adjacent = this.tokens[this.tokens.indexOf(t, this.pos) + 1] === n;
      if (n.kind === 'number' && adjacent) {
        this.next();
        this.next();
        return this.postfix({ value: { type: 'number', value: `-${n.text}` }, loc: t.loc });
      }
      this.next();
      const operand = this.unary();
      return call('minus', [{ value: { type: 'number', value: '0' }, loc: t.loc }, operand], t.loc);
    }
    return this.postfix(this.primary());
  }

  /** Calls and ref suffixes after a primary term. */
  private postfix(term: Term): Term {
    let current = term;
    for (;;) {
      const raw = this.tokens[this.pos] as Token;
      if (raw.kind === 'punct' && raw.text === '(' && isCallable(current)) {
        const args = this.callArgs();
        current = { value: { type: 'call', terms: [current, ...args] }, loc: current.loc };
        continue;
      }
      if (raw.kind === 'punct' && (raw.text === '.' || raw.text === '[')) {
        const terms: Term[] = current.value.type === 'ref' ? [...current.value.terms] : [current];
        const before = terms.length;
        this.refSuffixes(terms);
        if (terms.length === before) return current;
        current = { value: { type: 'ref', terms }, loc: current.loc };
        continue;
      }
      return current;
    }
  }

  private primary(): Term {
    const t = this.peek();
    switch (t.kind) {
      case 'number':
        this.next();
        return { value: { type: 'number', value: t.text }, loc: t.loc };
      case 'string':
      case 'rawstring':
        this.next();
        return { value: { type: 'string', value: t.text }, loc: t.loc };
      case 'ident': {
        if (t.text === 'true' || t.text === 'false') {
          this.next();
          return { value: { type: 'boolean', value: t.text === 'true' }, loc: t.loc };
        }
        if (t.text === 'null') {
          this.next();
          return { value: { type: 'null' }, loc: t.loc };
        }
        if (t.text === 'set' && this.tokens[this.pos + 1]?.text === '(' && this.tokens[this.pos + 2]?.text === ')') {
          this.next();
          this.next();
          this.next();
          return { value: { type: 'set', items: [] }, loc: t.loc };
        }
        if (KEYWORDS.has(t.text) && t.text !== 'contains' && t.text !== 'if') this.fail('a term');
        this.next();
        return varTerm(t.text, t.loc);
      }
      case 'punct':
        if (t.text === '(') {
          this.next();
          return this.withNewlines(true, () => {
            const inner = this.expression();
            this.expect(')');
            return inner;
          });
        }
        if (t.text === '[') return this.arrayTerm();
        if (t.text === '{') return this.braceTerm();
        return this.fail('a term');
      default:
        return this.fail('a term');
    }
  }

  private arrayTerm(): Term {
    const open = this.next();
    return this.withNewlines(true, () => {
      if (this.accept(']')) return { value: { type: 'array', items: [] }, loc: open.loc } as Term;
      const first = this.exprTerm(true);
      if (this.accept('|')) {
        const body = this.withNewlines(false, () => this.query(']'));
        this.expect(']');
        return { value: { type: 'arraycomp', term: first, body }, loc: open.loc };
      }
      const items = [first];
      while (this.accept(',')) {
        if (this.is(']')) break;
        items.push(this.exprTerm());
      }
      this.expect(']', '"]" or ","');
      return { value: { type: 'array', items }, loc: open.loc };
    });
  }

  private braceTerm(): Term {
    const open = this.next();
    return this.withNewlines(true, () => {
      if (this.accept('}')) return { value: { type: 'object', items: [] }, loc: open.loc } as Term;
      const first = this.exprTerm(true);
      if (this.accept(':')) {
        const value = this.exprTerm(true);
        if (this.accept('|')) {
          const body = this.withNewlines(false, () => this.query('}'));
          this.expect('}');
          return { value: { type: 'objectcomp', key: first, value, body }, loc: open.loc };
        }
        const items: Array<[Term, Term]> = [[first, value]];
        while (this.accept(',')) {
          if (this.is('}')) break;
          const k = this.exprTerm();
          this.expect(':', '":" in an object');
          items.push([k, this.exprTerm()]);
        }
        this.expect('}', '"}" or ","');
        return { value: { type: 'object', items }, loc: open.loc };
      }
      if (this.accept('|')) {
        const body = this.withNewlines(false, () => this.query('}'));
        this.expect('}');
        return { value: { type: 'setcomp', term: first, body }, loc: open.loc };
      }
      const items = [first];
      while (this.accept(',')) {
        if (this.is('}')) break;
        items.push(this.exprTerm());
      }
      this.expect('}', '"}" or ","');
      return { value: { type: 'set', items }, loc: open.loc };
    });
  }
}

function isCallable(term: Term): boolean {
  if (term.value.type === 'var') return true;
  if (term.value.type !== 'ref') return false;
  return term.value.terms.slice(1).every((t) => t.value.type === 'string') && term.value.terms[0]?.value.type === 'var';
}
