// Sphere's Rego → WebAssembly compiler: source files → parser → planner → linker → an OPA-ABI module
// (loaded by @open-policy-agent/opa-wasm), and OPA bundles around it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadPolicy, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { parseModule } from './parser';
import { planPolicy } from './plan';
import { linkPolicy } from './link';
import { writeBundle } from './bundle';
import { hostBuiltins, type CustomBuiltins } from './host/builtins';
import { RegoCompileError, type RegoErrorInfo } from './errors';
import type { Module } from './ast/types';

export { RegoCompileError, formatRegoError } from './errors';
export { readBundle, writeBundle } from './bundle';
export { hostBuiltins, testHostBuiltins } from './host/builtins';
export { runRegoTests, formatTestReport } from './testing';

export interface RegoSource {
  /** shown in error messages: `file:row:col: …` */
  file: string;
  text: string;
}

/** Parses every source; all parse errors are reported together. */
export function parseSources(sources: RegoSource[]): Module[] {
  const errors: RegoErrorInfo[] = [];
  const modules: Module[] = [];
  for (const source of sources) {
    try {
      modules.push(parseModule(source.text, source.file));
    } catch (err) {
      if (!(err instanceof RegoCompileError)) throw err;
      errors.push(...err.errors);
    }
  }
  if (errors.length > 0) throw new RegoCompileError(errors);
  return modules;
}

/** Compiles Rego sources to a Wasm module with the given entrypoints (`pkg/rule` or `pkg`). */
export async function compileSources(sources: RegoSource[], entrypoints: string[]): Promise<Uint8Array> {
  return compileModules(parseSources(sources), entrypoints);
}

export async function compileModules(modules: Module[], entrypoints: string[]): Promise<Uint8Array> {
  return linkPolicy(planPolicy(modules, entrypoints));
}

/** Every `.rego` file under dir (sorted), named relative to it. */
export function loadRegoDir(dir: string): RegoSource[] {
  const out: RegoSource[] = [];
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.rego')) out.push({ file: relative(dir, path), text: readFileSync(path, 'utf8') });
    }
  };
  walk(dir);
  return out;
}

/** Policy modules only: `*_test.rego` files stay out of bundles. */
export function policySources(sources: RegoSource[]): RegoSource[] {
  return sources.filter((s) => !s.file.endsWith('_test.rego'));
}

export async function buildBundle(options: { dir: string; entrypoints: string[]; data?: unknown; revision?: string }): Promise<Buffer> {
  const wasm = await compileSources(policySources(loadRegoDir(options.dir)), options.entrypoints);
  return writeBundle(wasm, options.entrypoints, options.data ?? {}, options.revision);
}

/** Loads a compiled module with Sphere's host built-ins (the conformance runner adds test.sleep: testHostBuiltins). */
export async function loadCompiled(wasm: Uint8Array | Buffer, builtins: CustomBuiltins = hostBuiltins()): Promise<LoadedPolicy> {
  return loadPolicy(wasm, undefined, builtins);
}
