// Recursion check: rules and functions may not depend on themselves, directly or through others (OPA forbids it).

/** The first dependency cycle as rule indices (first index repeated at the end), or null. */
export function findRecursion(dependencies: number[][]): number[] | null {
  const state = new Array<number>(dependencies.length).fill(0); // 0 new, 1 on stack, 2 done
  const stack: number[] = [];
  const visit = (node: number): number[] | null => {
    state[node] = 1;
    stack.push(node);
    for (const next of dependencies[node] ?? []) {
      if (state[next] === 1) return [...stack.slice(stack.indexOf(next)), next];
      if (state[next] === 0) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state[node] = 2;
    return null;
  };
  for (let i = 0; i < dependencies.length; i++) {
    if (state[i] === 0) {
      const found = visit(i);
      if (found) return found;
    }
  }
  return null;
}
