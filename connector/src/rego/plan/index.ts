// The planner: parsed modules → the plan the Wasm evaluator runs (./types.ts). Groups rule definitions by
// path, compiles every body (./body.ts), checks recursion, builds the data tree and the entrypoints.
import type { Location, Module, Rule, Term } from '../ast/types';
import { RegoCompileError, type RegoErrorInfo } from '../errors';
import { BodyCompiler, CompileFailure, type Lowered, type ModuleContext, type PolicyIndex } from './body';
import { findRecursion } from './recursion';
import type { Plan, PlanRuleDef, PlanRuleSet, PlanTerm, PlanTreeNode } from './types';

interface Definition { rule: Rule; mod: ModuleContext }

interface Group { kind: Rule['kind']; path: string[]; defs: Definition[]; defaults: Definition[]; arity?: number; loc: Location }

export function planPolicy(modules: Module[], entrypoints: string[]): Plan {
  const errors: RegoErrorInfo[] = [];
  const files: string[] = [];
  const fileIndex = (file: string): number => {
    let i = files.indexOf(file);
    if (i < 0) i = files.push(file) - 1;
    return i;
  };
  const groups = groupRules(modules, errors);
  const ruleByPath = new Map<string, { index: number; kind: string; arity?: number; path: string[] }>();
  groups.forEach((g, index) => ruleByPath.set(g.path.join('.'), { index, kind: g.kind, arity: g.arity, path: g.path }));
  const index: PolicyIndex = { ruleByPath, hostBuiltins: [], fileIndex };

  const rules: PlanRuleSet[] = [];
  const dependencies: number[][] = [];
  for (const group of groups) {
    const deps = new Set<number>();
    const set: PlanRuleSet = { kind: group.kind, path: group.path, nslots: 0, defs: [] };
    if (group.arity !== undefined) set.arity = group.arity;
    for (const def of group.defs) {
      try {
        const compiled = compileDefinition(def, index, group);
        set.defs.push(compiled.def);
        set.nslots = Math.max(set.nslots, compiled.nslots);
        for (const d of compiled.deps) deps.add(d);
      } catch (err) {
        if (!(err instanceof CompileFailure)) throw err;
        errors.push(err.info);
      }
    }
    if (group.defaults.length > 1) {
      errors.push({ code: 'rego_type_error', message: `multiple default rules ${['data', ...group.path].join('.')} found`, loc: (group.defaults[1] as Definition).rule.loc });
    } else if (group.defaults.length === 1) {
      try {
        const compiled = compileDefault(group.defaults[0] as Definition, index);
        set.default = compiled.term;
        set.nslots = Math.max(set.nslots, compiled.nslots);
      } catch (err) {
        if (!(err instanceof CompileFailure)) throw err;
        errors.push(err.info);
      }
    }
    rules.push(set);
    dependencies.push([...deps]);
  }
  const cycle = findRecursion(dependencies);
  if (cycle) {
    const names = cycle.map((i) => ['data', ...(groups[i] as Group).path].join('.'));
    errors.push({ code: 'rego_recursion_error', message: `rule ${names[0]} is recursive: ${names.join(' -> ')}`, loc: (groups[cycle[0] as number] as Group).loc });
  }
  const tree: PlanTreeNode = {};
  const nodeAt = (path: string[]): PlanTreeNode => {
    let node = tree;
    for (const seg of path) {
      node.children ??= {};
      node = node.children[seg] ??= {};
    }
    return node;
  };
  // a package is a document even without rules (OPA: an empty package is `{}`)
  for (const m of modules) nodeAt(m.packagePath);
  groups.forEach((g, i) => { nodeAt(g.path).rule = i; });
  const planned = entrypoints.map((name) => {
    const path = name.split('/').filter((s) => s.length > 0);
    return { name, path };
  });
  if (errors.length > 0) throw new RegoCompileError(errors);
  return { version: 1, files, rules, tree, entrypoints: planned, hostBuiltins: index.hostBuiltins };
}

function headPath(rule: Rule, packagePath: string[]): string[] {
  const [head, ...rest] = rule.head.ref;
  const name = (head as Term).value as { name: string };
  return [...packagePath, name.name, ...rest.map((t) => (t.value as { value: string }).value)];
}

function groupRules(modules: Module[], errors: RegoErrorInfo[]): Group[] {
  const byPath = new Map<string, Group>();
  const ruleNames = new Map<string, Set<string>>();
  for (const m of modules) {
    const key = m.packagePath.join('.');
    const names = ruleNames.get(key) ?? new Set<string>();
    for (const r of m.rules) names.add(((r.head.ref[0] as Term).value as { name: string }).name);
    ruleNames.set(key, names);
  }
  for (const m of modules) {
    const mod: ModuleContext = { file: m.file, packagePath: m.packagePath, imports: importsOf(m), ruleNames: ruleNames.get(m.packagePath.join('.')) ?? new Set() };
    for (const rule of m.rules) {
      const path = headPath(rule, m.packagePath);
      const key = path.join('.');
      let group = byPath.get(key);
      if (!group) {
        group = { kind: rule.kind, path, defs: [], defaults: [], loc: rule.loc };
        byPath.set(key, group);
      }
      const kindOf = (k: Rule['kind']): string => (k === 'function' ? 'function' : k === 'complete' ? 'single-value rule' : 'multi-value rule');
      if (group.kind !== rule.kind && !(rule.isDefault && group.kind === 'function' && rule.kind === 'function')) {
        errors.push({ code: 'rego_type_error', message: `conflicting rules data.${key} found: ${kindOf(group.kind)} and ${kindOf(rule.kind)}`, loc: rule.loc });
        continue;
      }
      if (rule.kind === 'function') {
        const arity = rule.head.args?.length ?? 0;
        if (group.arity !== undefined && group.arity !== arity) {
          errors.push({ code: 'rego_type_error', message: `conflicting rules data.${key} found: functions with ${group.arity} and ${arity} arguments`, loc: rule.loc });
          continue;
        }
        group.arity = arity;
      }
      (rule.isDefault ? group.defaults : group.defs).push({ rule, mod });
    }
  }
  return [...byPath.values()];
}

function importsOf(m: Module): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const imp of m.imports) {
    const v = imp.path.value;
    const names = v.type === 'var' ? [v.name] : v.type === 'ref' ? v.terms.map((t) => (t.value.type === 'var' ? t.value.name : t.value.type === 'string' ? t.value.value : '?')) : [];
    const root = names[0];
    if (root !== 'data' && root !== 'input') continue; // rego.v1, future.keywords.*: syntax switches, nothing to bind
    const alias = imp.alias ?? names[names.length - 1];
    if (alias && names.length > 1) out.set(alias, names);
  }
  return out;
}

function compileDefinition(def: Definition, index: PolicyIndex, group: Group): { def: PlanRuleDef; nslots: number; deps: number[] } {
  const compiler = new BodyCompiler(index, def.mod);
  const planned = compileChain(def.rule, compiler, group);
  const deps = new Set<number>(compiler.funcCalls);
  for (const ref of compiler.dataRefs) {
    for (const info of index.ruleByPath.values()) if (reaches(ref, info.path)) deps.add(info.index);
  }
  return { def: planned, nslots: compiler.frame.size, deps: [...deps] };
}

/**
 * Whether a reference into data can reach the rule at `path`: it names the rule, a document inside it or one around it,
 * a variable segment standing for any name (`data[pkg].allow` reaches every package's `allow`, not every rule).
 */
function reaches(ref: Array<string | null>, path: string[]): boolean {
  for (let i = 0; i < Math.min(ref.length, path.length); i += 1) {
    if (ref[i] !== null && ref[i] !== path[i]) return false;
  }
  return true;
}

function compileChain(rule: Rule, compiler: BodyCompiler, group: Group): PlanRuleDef {
  const headTerms: Term[] = [...(rule.head.args ?? []), ...(rule.head.key ? [rule.head.key] : []), ...(rule.head.keyPath ?? []), ...(rule.head.value ? [rule.head.value] : [])];
  const scope = compiler.newScope(null, [rule.body], headTerms);
  const bound = new Set<number>();
  const args: PlanTerm[] = [];
  const lowered: Lowered[] = [];
  for (const arg of rule.head.args ?? []) {
    declareVars(arg, scope);
    const h = compiler.iterationsPulledOut(arg, scope, lowered);
    for (const v of h.reads) bound.add(v);
    args.push(h.plan);
  }
  lowered.push(...compiler.lower(rule.body, scope));
  const key = rule.head.key ? compiler.iterationsPulledOut(rule.head.key, scope, lowered) : undefined;
  const keyPath = (rule.head.keyPath ?? []).map((t) => compiler.iterationsPulledOut(t, scope, lowered));
  const value = rule.head.value ? compiler.iterationsPulledOut(rule.head.value, scope, lowered) : undefined;
  const ordered = compiler.order(lowered, bound);
  for (const term of [key, ...keyPath, value]) if (term) compiler.checkBound(term.reads, ordered.bound, rule.head.loc);
  const def: PlanRuleDef = { value: value?.plan ?? ['const', true], body: ordered.plan, loc: compiler.loc(rule.loc) };
  if (rule.head.args) def.args = args;
  if (key) def.key = key.plan;
  if (rule.head.keyPath) def.keyPath = keyPath.map((t) => t.plan);
  if (rule.head.leafSet) def.leafSet = true;
  if (rule.else) def.else = compileChain(rule.else, compiler, group);
  return def;
}

function declareVars(term: Term, scope: ReturnType<BodyCompiler['newScope']>): void {
  const v = term.value;
  if (v.type === 'var') {
    if (v.name !== '_' && !scope.declaredHere(v.name)) scope.declare(v.name, term.loc);
  } else if (v.type === 'array' || v.type === 'set') {
    for (const t of v.items) declareVars(t, scope);
  } else if (v.type === 'object') {
    for (const [, t] of v.items) declareVars(t, scope);
  }
}

function compileDefault(def: Definition, index: PolicyIndex): { term: PlanTerm; nslots: number } {
  const compiler = new BodyCompiler(index, def.mod);
  const value = def.rule.head.value as Term;
  const scope = compiler.newScope(null, []);
  const pre = compiler.lower([], scope);
  const term = compiler.iterationsPulledOut(value, scope, pre);
  if (pre.length > 0 || term.reads.size > 0) {
    throw new CompileFailure({ code: 'rego_type_error', message: `default rule value must be a constant`, loc: value.loc });
  }
  return { term: term.plan, nslots: compiler.frame.size };
}
