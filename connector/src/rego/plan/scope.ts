// Variable scopes of one rule definition. All scopes of a definition share one frame, so every local
// (body vars, comprehension and `every` vars, wildcards, generated temporaries) gets its own slot.
import type { Body, Expr, Location, Term } from '../ast/types';

export class Frame {
  size = 0;
  readonly names: string[] = [];
  readonly firstSeen: Location[] = [];
  alloc(name: string, loc: Location): number {
    this.names.push(name);
    this.firstSeen.push(loc);
    return this.size++;
  }
}

export class Scope {
  private readonly slots = new Map<string, number>();
  /** names used in this scope's own body (outside nested comprehensions/every bodies) */
  readonly uses = new Set<string>();
  /** names this scope declares with `:=`: a nested comprehension's same-named var is its own */
  readonly assigns = new Set<string>();

  constructor(readonly frame: Frame, readonly parent: Scope | null) {}

  /** Declares a fresh local here (`some x`, `x :=`, args, comprehension/every vars). */
  declare(name: string, loc: Location): number {
    const slot = this.frame.alloc(name, loc);
    this.slots.set(name, slot);
    return slot;
  }

  declaredHere(name: string): boolean {
    return this.slots.has(name);
  }

  /** The slot of a declared var in this scope chain, if any. */
  lookup(name: string): number | undefined {
    for (let s: Scope | null = this; s; s = s.parent) {
      const slot = s.slots.get(name);
      if (slot !== undefined) return slot;
    }
    return undefined;
  }

  /** An undeclared var belongs to the outermost scope that uses it (a comprehension sees the body around it). */
  implicit(name: string, loc: Location): number {
    let owner: Scope = this;
    for (let s: Scope | null = this; s; s = s.parent) if (s.uses.has(name) && (s === this || !s.assigns.has(name))) owner = s;
    return owner.declare(name, loc);
  }

  temp(loc: Location): number {
    return this.frame.alloc('$t', loc);
  }
}

/** Var names a body uses at its own level: not inside comprehensions or `every` bodies (those are nested scopes). */
export function collectUses(body: Body, into: Set<string>, assigns?: Set<string>): void {
  for (const expr of body) {
    collectExprUses(expr, into);
    const t = expr.terms;
    if (assigns && !('type' in t && (t.type === 'some' || t.type === 'every')) && (t as Term).value.type === 'call') {
      const call = (t as Term).value as { terms: Term[] };
      const fn = call.terms[0]?.value;
      const lhs = call.terms[1]?.value;
      if (fn?.type === 'ref' && fn.terms.length === 1 && (fn.terms[0]?.value as { name?: string }).name === 'assign' && lhs?.type === 'var') assigns.add(lhs.name);
    }
  }
}

function collectExprUses(expr: Expr, into: Set<string>): void {
  const t = expr.terms;
  if ('type' in t && t.type === 'some') {
    for (const s of t.symbols) collectTermUses(s, into);
  } else if ('type' in t && t.type === 'every') {
    collectTermUses(t.domain, into);
  } else {
    collectTermUses(t as Term, into);
  }
  for (const w of expr.with) collectTermUses(w.value, into);
}

function collectTermUses(term: Term, into: Set<string>): void {
  const v = term.value;
  switch (v.type) {
    case 'var':
      if (v.name !== '_') into.add(v.name);
      return;
    case 'ref':
    case 'call':
      for (const t of v.terms) collectTermUses(t, into);
      return;
    case 'array':
    case 'set':
      for (const t of v.items) collectTermUses(t, into);
      return;
    case 'object':
      for (const [k, val] of v.items) {
        collectTermUses(k, into);
        collectTermUses(val, into);
      }
      return;
    default:
      return;
  }
}
