// Lowers rule bodies and terms to plan form: resolves names (locals → slots, rule names and imports → data
// refs, function names → built-ins or user functions), pulls nested calls out into their own literals,
// and orders every body for safety the way OPA does (a literal runs once the vars it reads are bound).
import type { Body, Every, Expr, Location, SomeDecl, Term } from '../ast/types';
import { lookupBuiltin, type BuiltinSpec } from '../builtins/catalogue';
import type { RegoErrorInfo } from '../errors';
import type { PlanBody, PlanCallee, PlanLiteral, PlanLoc, PlanTerm, PlanWith } from './types';
import { Frame, Scope, collectUses } from './scope';

/** What the body compiler needs to know about the policy around a rule. */
export interface PolicyIndex {
  /** absolute path (joined with '.') of every rule set → index and kind */
  ruleByPath: Map<string, { index: number; kind: string; arity?: number; path: string[] }>;
  hostBuiltins: string[];
  fileIndex(file: string): number;
}

export interface ModuleContext {
  file: string;
  packagePath: string[];
  /** alias → absolute ref names (`input.x`, `data.a.b`) */
  imports: Map<string, string[]>;
  /** first head segment of every rule in this package */
  ruleNames: Set<string>;
}

interface Info {
  /** vars the term reads */
  reads: Set<number>;
  /** vars bound by iterating a ref operand */
  iter: Set<number>;
}

export interface Lowered {
  lit: PlanLiteral;
  reads: Set<number>;
  binds: Set<number>;
  /** for `eq`: the reads of each side; ready once one side is fully bound */
  sides?: [Set<number>, Set<number>];
  loc: Location;
}

export class CompileFailure extends Error {
  constructor(readonly info: RegoErrorInfo) {
    super(info.message);
  }
}

function fail(message: string, loc: Location, code: RegoErrorInfo['code'] = 'rego_compile_error'): never {
  throw new CompileFailure({ code, message, loc });
}

const union = (...sets: Array<Set<number>>): Set<number> => {
  const out = new Set<number>();
  for (const s of sets) for (const x of s) out.add(x);
  return out;
};

export class BodyCompiler {
  readonly frame = new Frame();
  /** rule sets this definition refers to (for the recursion check) */
  /** references into data this definition makes (for the recursion check): null where a variable or computed term stands */
  readonly dataRefs: Array<Array<string | null>> = [];
  readonly funcCalls: number[] = [];

  constructor(private readonly index: PolicyIndex, private readonly mod: ModuleContext) {}

  loc(l: Location): PlanLoc {
    return [this.index.fileIndex(l.file), l.row, l.col];
  }

  newScope(parent: Scope | null, bodies: Body[], extraTerms: Term[] = []): Scope {
    const scope = new Scope(this.frame, parent);
    for (const b of bodies) collectUses(b, scope.uses, scope.assigns);
    for (const t of extraTerms) collectUses([{ terms: t, negated: false, with: [], loc: t.loc }], scope.uses);
    return scope;
  }

  /** Compiles and orders a body; `bound` holds the vars bound before it starts. Returns the bound set after it. */
  body(body: Body, scope: Scope, bound: Set<number>): { plan: PlanBody; bound: Set<number> } {
    return this.order(this.lower(body, scope), bound);
  }

  lower(body: Body, scope: Scope): Lowered[] {
    const lowered: Lowered[] = [];
    for (const expr of body) this.expr(expr, scope, lowered);
    return lowered;
  }

  /** A rule head's term or a call's argument: its generated literals join the body (`msg := sprintf(…)` in a
   *  head), and an iteration in it becomes a literal of its own (`q := xs[_]`, `f(xs[_])`, as OPA does), whose
   *  result the term reads — so the evaluator's iterate-and-bind path runs it. */
  iterationsPulledOut(term: Term, scope: Scope, body: Lowered[]): { plan: PlanTerm; reads: Set<number> } {
    const info: Info = { reads: new Set(), iter: new Set() };
    const plan = this.term(term, scope, body, info);
    if (info.iter.size === 0) return { plan, reads: info.reads };
    const tmp = scope.temp(term.loc);
    body.push(this.eqLowered(['var', tmp], plan, { reads: new Set([tmp]), iter: new Set() }, info, term.loc));
    return { plan: ['var', tmp], reads: new Set([tmp]) };
  }

  /** Fails with `var x is unsafe` when a head var is not bound by the body. */
  checkBound(reads: Set<number>, bound: Set<number>, loc: Location): void {
    for (const v of reads) {
      if (!bound.has(v)) fail(`var ${this.displayName(v)} is unsafe`, this.frame.firstSeen[v] ?? loc, 'rego_unsafe_var_error');
    }
  }

  order(lowered: Lowered[], initial: Set<number>): { plan: PlanBody; bound: Set<number> } {
    const bound = new Set(initial);
    const pending = [...lowered];
    const plan: PlanBody = [];
    const ready = (l: Lowered): boolean => {
      if (l.sides) {
        if ([...l.sides[0]].every((v) => bound.has(v)) || [...l.sides[1]].every((v) => bound.has(v))) return true;
        const e = l.lit.expr;
        return e[0] === 'eq' && !l.lit.neg && pairwiseReady(e[1], e[2], bound);
      }
      return [...l.reads].every((v) => bound.has(v));
    };
    while (pending.length > 0) {
      const at = pending.findIndex(ready);
      if (at < 0) {
        const first = pending[0] as Lowered;
        const reads = first.sides ? union(first.sides[0], first.sides[1]) : first.reads;
        const unsafe = [...reads].find((v) => !bound.has(v)) ?? 0;
        fail(`var ${this.displayName(unsafe)} is unsafe`, this.frame.firstSeen[unsafe] ?? first.loc, 'rego_unsafe_var_error');
      }
      const [next] = pending.splice(at, 1) as [Lowered];
      plan.push(next.lit);
      for (const v of next.binds) bound.add(v);
    }
    return { plan, bound };
  }

  private displayName(slot: number): string {
    const n = this.frame.names[slot] ?? '?';
    return n.startsWith('$') ? '_' : n;
  }

  // ---- expressions ----
  private expr(expr: Expr, scope: Scope, out: Lowered[]): void {
    const t = expr.terms;
    const pre: Lowered[] = [];
    const withs: PlanWith[] = [];
    const withReads = new Set<number>();
    for (const w of expr.with) withs.push(this.withModifier(w.target, w.value, scope, pre, withReads));
    if ('type' in t && t.type === 'some') {
      const own: Lowered[] = [];
      this.some(t, expr, scope, own);
      for (const l of own) {
        if (withs.length === 0) continue;
        l.lit.with = withs;
        l.reads = union(l.reads, withReads);
        if (l.sides) l.sides = [union(l.sides[0], withReads), union(l.sides[1], withReads)];
      }
      out.push(...pre, ...own);
      return;
    }
    const firstOwn = pre.length;
    let lowered: Lowered;
    if ('type' in t && t.type === 'every') {
      lowered = this.every(t, expr, scope, pre);
    } else {
      lowered = this.test(t as Term, expr.loc, scope, pre);
    }
    if (withs.length > 0) {
      // generated literals (nested calls pulled out of this expression) run under the same modifiers
      for (const p of pre.slice(firstOwn)) p.lit.with = withs;
      lowered.lit.with = withs;
      lowered.reads = union(lowered.reads, withReads);
      if (lowered.sides) lowered.sides = [union(lowered.sides[0], withReads), union(lowered.sides[1], withReads)];
    }
    if (expr.negated) {
      // Vars inside `not` never escape it; named vars it mentions must be bound before it (wildcards and temporaries stay inside).
      const inner = [...pre, lowered];
      const touched = new Set<number>();
      for (const l of inner) for (const v of union(l.reads, l.binds, ...(l.sides ?? []))) if (!this.isTemporary(v)) touched.add(v);
      let lit = lowered.lit;
      if (pre.length > 0) lit = this.wrapNegated(inner, touched);
      else lit.neg = true;
      out.push({ lit, reads: touched, binds: new Set(), loc: lowered.loc });
      return;
    }
    out.push(...pre, lowered);
  }

  private isTemporary(slot: number): boolean {
    return (this.frame.names[slot] ?? '$').startsWith('$');
  }

  /** `not f(g(x))`: the generated literals for g run inside the negation, as a set comprehension that must be empty. */
  private wrapNegated(inner: Lowered[], outer: Set<number>): PlanLiteral {
    const ordered = this.order(inner, outer);
    const probe: PlanTerm = ['setcomp', ['const', true], ordered.plan];
    const last = inner[inner.length - 1] as Lowered;
    return { expr: ['call', ['builtin', 'equal'], [probe, ['set', []]], null], loc: last.lit.loc };
  }

  private some(decl: SomeDecl, expr: Expr, scope: Scope, out: Lowered[]): void {
    for (const sym of decl.symbols) {
      const v = sym.value;
      if (v.type === 'var') {
        if (v.name !== '_') scope.declare(v.name, sym.loc);
        continue;
      }
      // some x in xs / some k, v in xs
      if (v.type !== 'call') fail('unexpected term after "some"', sym.loc);
      const args = v.terms.slice(1);
      const domainTerm = args[args.length - 1] as Term;
      const pattern = args.slice(0, -1);
      for (const p of pattern) this.declarePatternVars(p, scope);
      const pre: Lowered[] = [];
      const domainInfo: Info = { reads: new Set(), iter: new Set() };
      const domain = this.term(domainTerm, scope, pre, domainInfo);
      const keyInfo: Info = { reads: new Set(), iter: new Set() };
      const valueInfo: Info = { reads: new Set(), iter: new Set() };
      let keyTerm: PlanTerm;
      if (pattern.length === 2 && (pattern[0] as Term).value.type === 'var') {
        keyTerm = this.term(pattern[0] as Term, scope, pre, keyInfo);
      } else {
        const k = scope.temp(sym.loc);
        keyTerm = ['var', k];
        keyInfo.reads.add(k);
        if (pattern.length === 2) {
          const patInfo: Info = { reads: new Set(), iter: new Set() };
          const pat = this.term(pattern[0] as Term, scope, pre, patInfo);
          pre.push(this.eqLowered(pat, ['var', k], patInfo, { reads: new Set([k]), iter: new Set() }, sym.loc));
        }
      }
      const valuePattern = this.term(pattern[pattern.length - 1] as Term, scope, pre, valueInfo);
      const ref = this.index_(domain, [keyTerm]);
      const refInfo: Info = { reads: domainInfo.reads, iter: union(domainInfo.iter, keyInfo.reads) };
      const lit = this.eqLowered(valuePattern, ref, valueInfo, refInfo, expr.loc);
      // the key var must come first when the key pattern is checked afterwards
      out.push(lit, ...pre.filter((p) => p !== undefined));
    }
  }

  private declarePatternVars(term: Term, scope: Scope): void {
    const v = term.value;
    if (v.type === 'var') {
      if (v.name !== '_') scope.declare(v.name, term.loc);
    } else if (v.type === 'array' || v.type === 'set') {
      for (const t of v.items) this.declarePatternVars(t, scope);
    } else if (v.type === 'object') {
      for (const [, t] of v.items) this.declarePatternVars(t, scope);
    }
  }

  /** `xs[k]` on any term */
  private index_(base: PlanTerm, ops: PlanTerm[]): PlanTerm {
    if (base[0] === 'ref') return ['ref', base[1], [...base[2], ...ops]];
    if (base[0] === 'var') return ['ref', ['var', base[1]], ops];
    return ['ref', ['term', base], ops];
  }

  private eqLowered(a: PlanTerm, b: PlanTerm, ai: Info, bi: Info, loc: Location): Lowered {
    const sideA = new Set([...ai.reads].filter((v) => !ai.iter.has(v)));
    const sideB = new Set([...bi.reads].filter((v) => !bi.iter.has(v)));
    return { lit: { expr: ['eq', a, b], loc: this.loc(loc) }, reads: union(sideA, sideB), binds: union(ai.reads, bi.reads, ai.iter, bi.iter), sides: [sideA, sideB], loc };
  }

  private every(e: Every, expr: Expr, scope: Scope, pre: Lowered[]): Lowered {
    const domainInfo: Info = { reads: new Set(), iter: new Set() };
    const domain = this.term(e.domain, scope, pre, domainInfo);
    const inner = this.newScope(scope, [e.body]);
    const keySlot = e.key ? inner.declare((e.key.value as { name: string }).name, e.key.loc) : -1;
    const valueSlot = inner.declare((e.value.value as { name: string }).name, e.value.loc);
    const before = this.frame.size;
    const outerBound = new Set<number>();
    for (let i = 0; i < before; i++) outerBound.add(i);
    const compiled = this.body(e.body, inner, outerBound);
    const reads = this.outerReads(compiled.plan, before, keySlot, valueSlot);
    const lit: PlanLiteral = { expr: ['every', keySlot, valueSlot, domain, compiled.plan], loc: this.loc(expr.loc) };
    return { lit, reads: union(new Set([...domainInfo.reads].filter((v) => !domainInfo.iter.has(v))), reads), binds: new Set(), loc: expr.loc };
  }

  /** Outer vars a nested body reads: slots allocated before it, other than its own declared vars. */
  private outerReads(body: PlanBody, firstOwnSlot: number, ...own: number[]): Set<number> {
    const seen = new Set<number>();
    walkBody(body, seen);
    return new Set([...seen].filter((v) => v < firstOwnSlot && !own.includes(v)));
  }

  private withModifier(target: Term, value: Term, scope: Scope, pre: Lowered[], reads: Set<number>): PlanWith {
    const path = this.refNames(target);
    const fn = this.functionNamed(path);
    const info: Info = { reads: new Set(), iter: new Set() };
    if (fn) {
      const replacement = this.functionTerm(value, scope);
      if (replacement) return ['function', fn, replacement];
      const v = this.term(value, scope, pre, info);
      for (const x of info.reads) reads.add(x);
      return ['function', fn, ['value', v]];
    }
    const root = path[0];
    if (root !== 'input' && root !== 'data') return fail(`with target must be input, data, a function or a built-in, not ${path.join('.')}`, target.loc);
    const v = this.term(value, scope, pre, info);
    for (const x of info.reads) reads.add(x);
    return [root, path.slice(1), v];
  }

  /** The callee a resolved name denotes, if it is a user function or a built-in. */
  private functionNamed(names: string[]): PlanCallee | undefined {
    if (names[0] === 'data') {
      const rule = this.index.ruleByPath.get(names.slice(1).join('.'));
      if (rule?.kind !== 'function') return undefined;
      this.funcCalls.push(rule.index);
      return ['func', rule.index];
    }
    const name = names.join('.');
    const builtin = lookupBuiltin(name);
    if (!builtin) return undefined;
    return this.builtinCallee(name, builtin);
  }

  /** A native built-in, with the host built-ins it calls declared; or the id of a host one. */
  private builtinCallee(name: string, builtin: BuiltinSpec): PlanCallee {
    if (builtin.impl === 'native') {
      for (const helper of builtin.hosts ?? []) this.hostId(helper);
      return ['builtin', name];
    }
    return ['host', this.hostId(name)];
  }

  /** The id of a host built-in in the module's `builtins` export, declaring it on first use. */
  private hostId(name: string): number {
    const id = this.index.hostBuiltins.indexOf(name);
    return id >= 0 ? id : this.index.hostBuiltins.push(name) - 1;
  }

  /** A `with` replacement that names a function (not a local var holding a value). */
  private functionTerm(term: Term, scope: Scope): PlanCallee | undefined {
    const v = term.value;
    const head = v.type === 'var' ? v : v.type === 'ref' ? v.terms[0]?.value : undefined;
    if (head?.type !== 'var' || scope.lookup(head.name) !== undefined) return undefined;
    if (v.type === 'ref' && !v.terms.slice(1).every((t) => t.value.type === 'string')) return undefined;
    return this.functionNamed(this.refNames(term));
  }

  /** Names of a ref made only of a var head and string operands, with imports and package rules resolved. */
  private refNames(term: Term): string[] {
    const v = term.value;
    const terms = v.type === 'ref' ? v.terms : v.type === 'var' ? [term] : fail('expected a reference', term.loc);
    const head = (terms[0] as Term).value;
    if (head.type !== 'var') fail('expected a reference', term.loc);
    const rest = terms.slice(1).map((t) => (t.value.type === 'string' ? t.value.value : fail('expected a constant reference', t.loc)));
    const name = head.name;
    const imported = this.mod.imports.get(name);
    if (imported) return [...imported, ...rest];
    if (name === 'input' || name === 'data') return [name, ...rest];
    if (this.mod.ruleNames.has(name)) return ['data', ...this.mod.packagePath, name, ...rest];
    return [name, ...rest];
  }

  /** A term used as a literal: a call (test or with output), unification/assignment, or a value tested for truth. */
  private test(term: Term, loc: Location, scope: Scope, pre: Lowered[]): Lowered {
    const v = term.value;
    if (v.type === 'call') {
      const fn = this.calleeName(v.terms[0] as Term);
      const args = v.terms.slice(1);
      if (fn === 'assign' || fn === 'eq') {
        const [lhs, rhs] = args as [Term, Term];
        if (fn === 'assign') {
          this.checkAssignTarget(lhs, scope);
          this.declarePatternVars(lhs, scope);
        }
        const ri: Info = { reads: new Set(), iter: new Set() };
        const r = this.term(rhs, scope, pre, ri);
        const li: Info = { reads: new Set(), iter: new Set() };
        const l = this.term(lhs, scope, pre, li);
        return this.eqLowered(l, r, li, ri, loc);
      }
      return this.callLiteral(v.terms[0] as Term, fn, args, loc, scope, pre);
    }
    const info: Info = { reads: new Set(), iter: new Set() };
    const t = this.term(term, scope, pre, info);
    return { lit: { expr: ['term', t], loc: this.loc(loc) }, reads: new Set([...info.reads].filter((x) => !info.iter.has(x))), binds: info.iter, loc };
  }

  private checkAssignTarget(lhs: Term, scope: Scope): void {
    const v = lhs.value;
    if (v.type === 'var') {
      if (v.name === 'input' || v.name === 'data') fail(`cannot assign to ${v.name}`, lhs.loc);
      if (scope.declaredHere(v.name)) fail(`var ${v.name} assigned above`, lhs.loc);
    } else if (v.type !== 'array' && v.type !== 'object') {
      fail('cannot assign to a non-variable term', lhs.loc);
    }
  }

  private calleeName(term: Term): string {
    return this.refNames(term).join('.');
  }

  /** `temp`: the slot a nested call's result goes to (then the call takes exactly its arity). */
  private callLiteral(fnTerm: Term, name: string, args: Term[], loc: Location, scope: Scope, pre: Lowered[], temp?: number): Lowered {
    const { callee, arity } = this.resolveCallee(fnTerm, name, loc);
    if (temp !== undefined ? args.length !== arity : args.length !== arity && args.length !== arity + 1) {
      fail(`${name}: arity mismatch: ${args.length} arguments given, ${arity} expected`, loc, 'rego_type_error');
    }
    const info: Info = { reads: new Set(), iter: new Set() };
    const planned = args.slice(0, arity).map((a) => this.callArgument(a, scope, pre, info));
    let outTerm: PlanTerm | null = temp === undefined ? null : ['var', temp];
    const binds = new Set(info.iter);
    if (temp !== undefined) binds.add(temp);
    if (args.length === arity + 1) {
      const outInfo: Info = { reads: new Set(), iter: new Set() };
      outTerm = this.term(args[arity] as Term, scope, pre, outInfo);
      for (const v of outInfo.reads) binds.add(v);
    }
    const reads = new Set([...info.reads].filter((v) => !info.iter.has(v)));
    return { lit: { expr: ['call', callee, planned, outTerm], loc: this.loc(loc) }, reads, binds, loc };
  }

  private callArgument(arg: Term, scope: Scope, pre: Lowered[], info: Info): PlanTerm {
    const { plan, reads } = this.iterationsPulledOut(arg, scope, pre);
    for (const v of reads) info.reads.add(v);
    return plan;
  }

  private resolveCallee(fnTerm: Term, name: string, loc: Location): { callee: PlanCallee; arity: number } {
    const names = this.refNames(fnTerm);
    if (names[0] === 'data') {
      const rule = this.index.ruleByPath.get(names.slice(1).join('.'));
      if (!rule || rule.kind !== 'function') fail(`undefined function ${names.join('.')}`, loc);
      this.funcCalls.push(rule.index);
      return { callee: ['func', rule.index], arity: rule.arity ?? 0 };
    }
    const builtin = lookupBuiltin(name);
    if (!builtin) fail(`undefined function ${name}`, loc);
    return { callee: this.builtinCallee(name, builtin), arity: builtin.arity };
  }

  // ---- terms ----
  term(term: Term, scope: Scope, pre: Lowered[], info: Info): PlanTerm {
    const v = term.value;
    switch (v.type) {
      case 'null':
        return ['const', null];
      case 'boolean':
        return ['const', v.value];
      case 'string':
        return ['const', v.value];
      case 'number':
        return /^-?\d+$/.test(v.value) && Number.isSafeInteger(Number(v.value)) ? ['const', Number(v.value)] : ['num', v.value];
      case 'var':
        return this.varTerm(v.name, term.loc, scope, info, false);
      case 'ref':
        return this.refTerm(v.terms, scope, pre, info);
      case 'array':
        return constFold(['array', v.items.map((t) => this.term(t, scope, pre, info))]);
      case 'set':
        return ['set', v.items.map((t) => this.term(t, scope, pre, info))];
      case 'object':
        return constFold(['object', v.items.map(([k, val]) => [this.term(k, scope, pre, info), this.term(val, scope, pre, info)] as [PlanTerm, PlanTerm])]);
      case 'call': {
        // a call nested in a term: computed by a generated literal into a temporary
        const fn = this.calleeName(v.terms[0] as Term);
        if (fn === 'assign' || fn === 'eq') fail(`${fn === 'assign' ? ':=' : '='} cannot be used inside a term`, term.loc);
        const tmp = scope.temp(term.loc);
        pre.push(this.callLiteral(v.terms[0] as Term, fn, v.terms.slice(1), term.loc, scope, pre, tmp));
        info.reads.add(tmp);
        return ['var', tmp];
      }
      case 'arraycomp':
      case 'setcomp':
      case 'objectcomp': {
        const inner = this.newScope(scope, [v.body], v.type === 'objectcomp' ? [v.key, v.value] : [v.term]);
        const first = this.frame.size;
        const outerBound = new Set<number>();
        for (let i = 0; i < first; i++) outerBound.add(i);
        const lowered = this.lower(v.body, inner);
        // calls in the head (`[upper(x) | …]`) are computed by literals that join the body, as OPA rewrites them
        const headInfo: Info = { reads: new Set(), iter: new Set() };
        const heads = v.type === 'objectcomp' ? [this.term(v.key, inner, lowered, headInfo), this.term(v.value, inner, lowered, headInfo)] : [this.term(v.term, inner, lowered, headInfo)];
        const compiled = this.order(lowered, outerBound);
        for (const h of headInfo.reads) {
          if (!compiled.bound.has(h)) fail(`var ${this.displayName(h)} is unsafe`, this.frame.firstSeen[h] ?? term.loc, 'rego_unsafe_var_error');
        }
        const result: PlanTerm = v.type === 'arraycomp' ? ['arraycomp', heads[0] as PlanTerm, compiled.plan]
          : v.type === 'setcomp' ? ['setcomp', heads[0] as PlanTerm, compiled.plan]
            : ['objectcomp', heads[0] as PlanTerm, heads[1] as PlanTerm, compiled.plan];
        const outer = new Set<number>();
        walkTerm(result, outer);
        for (const s of outer) if (s < first) info.reads.add(s);
        return result;
      }
      default:
        return fail('unsupported term', term.loc);
    }
  }

  private varTerm(name: string, loc: Location, scope: Scope, info: Info, asOperand: boolean): PlanTerm {
    if (name === '_') {
      const slot = scope.temp(loc);
      info.reads.add(slot);
      if (asOperand) info.iter.add(slot);
      return ['var', slot];
    }
    const slot = scope.lookup(name);
    if (slot !== undefined) {
      info.reads.add(slot);
      if (asOperand) info.iter.add(slot);
      return ['var', slot];
    }
    if (name === 'input') return ['ref', ['input'], []];
    if (name === 'data') return ['ref', ['data'], []];
    const imported = this.mod.imports.get(name);
    if (imported) return this.rootRef(imported, []);
    if (this.mod.ruleNames.has(name)) return this.rootRef(['data', ...this.mod.packagePath, name], []);
    const fresh = scope.implicit(name, loc);
    info.reads.add(fresh);
    if (asOperand) info.iter.add(fresh);
    return ['var', fresh];
  }

  private rootRef(names: string[], ops: PlanTerm[]): PlanTerm {
    const [root, ...rest] = names;
    const head: ['input'] | ['data'] = root === 'input' ? ['input'] : ['data'];
    const all: PlanTerm[] = [...rest.map((n) => ['const', n] as PlanTerm), ...ops];
    if (head[0] === 'data') this.dataRefs.push(refPattern(all));
    return ['ref', head, all];
  }

  /** A composite operand (`s[[1, x]]`) matches the container's keys by unification: its vars may be bound by it. */
  private operand(op: Term, scope: Scope, pre: Lowered[], info: Info): PlanTerm {
    const own: Info = { reads: new Set(), iter: new Set() };
    const planned = this.term(op, scope, pre, own);
    const pattern = planned[0] === 'array' || planned[0] === 'object';
    for (const v of own.reads) {
      info.reads.add(v);
      if (pattern) info.iter.add(v);
    }
    for (const v of own.iter) info.iter.add(v);
    return planned;
  }

  private refTerm(terms: Term[], scope: Scope, pre: Lowered[], info: Info): PlanTerm {
    const [head, ...operands] = terms as [Term, ...Term[]];
    const ops = operands.map((op) => (op.value.type === 'var' ? this.varTerm(op.value.name, op.loc, scope, info, true) : this.operand(op, scope, pre, info)));
    const hv = head.value;
    if (hv.type === 'var') {
      const slot = scope.lookup(hv.name);
      if (slot !== undefined) {
        info.reads.add(slot);
        return ['ref', ['var', slot], ops];
      }
      if (hv.name === 'input' || hv.name === 'data') return this.rootRef([hv.name], ops);
      const imported = this.mod.imports.get(hv.name);
      if (imported) return this.rootRef(imported, ops);
      if (this.mod.ruleNames.has(hv.name)) return this.rootRef(['data', ...this.mod.packagePath, hv.name], ops);
      const fresh = scope.implicit(hv.name, head.loc);
      info.reads.add(fresh);
      return ['ref', ['var', fresh], ops];
    }
    const base = this.term(head, scope, pre, info);
    return this.index_(base, ops);
  }
}

/** Vars a term needs bound to be evaluated: ref operands that are vars or composite patterns bind instead. */
function needs(t: PlanTerm, out: Set<number>): Set<number> {
  switch (t[0]) {
    case 'var':
      out.add(t[1]);
      break;
    case 'array':
    case 'set':
      for (const x of t[1]) needs(x, out);
      break;
    case 'object':
      for (const [k, v] of t[1]) {
        needs(k, out);
        needs(v, out);
      }
      break;
    case 'ref':
      if (t[1][0] === 'var') out.add(t[1][1]);
      if (t[1][0] === 'term') needs(t[1][1], out);
      for (const op of t[2]) if (op[0] !== 'var' && op[0] !== 'array' && op[0] !== 'object') needs(op, out);
      break;
    default:
      break;
  }
  return out;
}

/** `[x, 1] = [2, y]`, `{"a": x, "b": 1} = {"a": 2, "b": y}`: unifiable element by element. */
function pairwiseReady(a: PlanTerm, b: PlanTerm, bound: Set<number>): boolean {
  const ground = (t: PlanTerm): boolean => [...needs(t, new Set())].every((v) => bound.has(v));
  if (ground(a) || ground(b)) return true;
  if (a[0] === 'array' && b[0] === 'array') return a[1].length === b[1].length && a[1].every((x, i) => pairwiseReady(x, b[1][i] as PlanTerm, bound));
  if (a[0] === 'var' || b[0] === 'var') return false;
  if (a[0] === 'object' && b[0] === 'object' && a[1].length === b[1].length) {
    return a[1].every(([k, v]) => {
      const match = b[1].find(([k2]) => JSON.stringify(k2) === JSON.stringify(k));
      return match !== undefined && k[0] === 'const' && pairwiseReady(v, match[1], bound);
    });
  }
  return false;
}

/** A data reference's segments as names (a number key as its text, as data's keys are), null for any other term. */
function refPattern(ops: PlanTerm[]): Array<string | null> {
  return ops.map((op) => (op[0] === 'const' && (typeof op[1] === 'string' || typeof op[1] === 'number') ? String(op[1]) : null));
}

/** Arrays and objects of constants become one constant (no sets: JSON has none). */
function constFold(term: PlanTerm): PlanTerm {
  if (term[0] === 'array' && term[1].every((t) => t[0] === 'const')) return ['const', term[1].map((t) => t[1])];
  if (term[0] === 'object' && term[1].every(([k, v]) => k[0] === 'const' && typeof k[1] === 'string' && v[0] === 'const')) {
    const obj: Record<string, unknown> = {};
    const keys = new Set<string>();
    for (const [k, v] of term[1]) {
      const key = k[1] as string;
      if (keys.has(key)) return term; // duplicate keys: let the runtime judge
      keys.add(key);
      obj[key] = v[1];
    }
    return ['const', obj];
  }
  return term;
}

export function walkTerm(t: PlanTerm, out: Set<number>): void {
  switch (t[0]) {
    case 'var':
      out.add(t[1]);
      return;
    case 'array':
    case 'set':
      for (const x of t[1]) walkTerm(x, out);
      return;
    case 'object':
      for (const [k, v] of t[1]) {
        walkTerm(k, out);
        walkTerm(v, out);
      }
      return;
    case 'ref':
      if (t[1][0] === 'var') out.add(t[1][1]);
      if (t[1][0] === 'term') walkTerm(t[1][1], out);
      for (const x of t[2]) walkTerm(x, out);
      return;
    case 'arraycomp':
    case 'setcomp':
      walkTerm(t[1], out);
      walkBody(t[2], out);
      return;
    case 'objectcomp':
      walkTerm(t[1], out);
      walkTerm(t[2], out);
      walkBody(t[3], out);
      return;
    default:
      return;
  }
}

export function walkBody(body: PlanBody, out: Set<number>): void {
  for (const lit of body) {
    const e = lit.expr;
    switch (e[0]) {
      case 'call':
        for (const a of e[2]) walkTerm(a, out);
        if (e[3]) walkTerm(e[3], out);
        break;
      case 'eq':
        walkTerm(e[1], out);
        walkTerm(e[2], out);
        break;
      case 'term':
        walkTerm(e[1], out);
        break;
      case 'every':
        if (e[1] >= 0) out.add(e[1]);
        out.add(e[2]);
        walkTerm(e[3], out);
        walkBody(e[4], out);
        break;
    }
    for (const w of lit.with ?? []) {
      if (w[0] !== 'function') walkTerm(w[2], out);
      else if (w[2][0] === 'value') walkTerm(w[2][1], out);
    }
  }
}
