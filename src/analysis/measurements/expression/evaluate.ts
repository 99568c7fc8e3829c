import type { Node } from './ast.js';
import { ExpressionError } from './expression-error.js';

/** Values a condition works with: what a metric provider returns (JSON) plus booleans. */
export type Value = number | string | boolean | null | undefined | readonly Value[] | { [k: string]: Value };

type Predicate = (element: Value) => Value;
type Fn = (args: Node[], scope: Scope) => Value;

interface Scope {
  vars: Readonly<Record<string, Value>>;
  element?: Value;
  hasElement: boolean;
  source: string;
}

/** Stand-in node for errors about a missing argument (position 0). */
const NOWHERE: Node = { kind: 'literal', value: null, pos: 0 };

const fail = (scope: Scope, node: Node, reason: string): never => {
  throw new ExpressionError('evaluate', scope.source, node.pos, '', reason);
};

const typeName = (v: Value): string =>
  v === null || v === undefined ? 'nil' : Array.isArray(v) ? 'array' : typeof v;

const isNil = (v: Value): v is null | undefined => v === null || v === undefined;

function num(scope: Scope, node: Node, v: Value, what: string): number {
  if (typeof v !== 'number') fail(scope, node, `${what} needs a number, got ${typeName(v)}`);
  return v as number;
}

function bool(scope: Scope, node: Node, v: Value, what: string): boolean {
  if (typeof v !== 'boolean') fail(scope, node, `${what} needs a boolean, got ${typeName(v)}`);
  return v as boolean;
}

function list(scope: Scope, node: Node, v: Value, what: string): readonly Value[] {
  if (!Array.isArray(v)) fail(scope, node, `${what} needs an array, got ${typeName(v)}`);
  return v as readonly Value[];
}

function equal(a: Value, b: Value): boolean {
  if (isNil(a) || isNil(b)) return isNil(a) && isNil(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  return a === b;
}

function predicateOf(scope: Scope, node: Node | undefined, name: string): Predicate {
  if (!node || node.kind !== 'predicate')
    return fail(scope, node ?? NOWHERE, `${name}() needs a predicate {...} as its second argument`);
  return (element) => evaluateNode(node.body, { ...scope, element, hasElement: true });
}

function arity(scope: Scope, node: Node, name: string, args: Node[], min: number, max = min): void {
  if (args.length < min || args.length > max)
    fail(
      scope,
      node,
      `${name}() takes ${min === max ? min : `${min} to ${max}`} argument(s), got ${args.length}`,
    );
}

function numbersOf(scope: Scope, node: Node, args: Node[], name: string): number[] {
  const values = args.length === 1 ? evaluateNode(args[0]!, scope) : args.map((a) => evaluateNode(a, scope));
  return (Array.isArray(values) ? values : [values]).map((v: Value) => num(scope, node, v, `${name}()`));
}

function higherOrder(
  name: string,
  apply: (items: readonly Value[], p: Predicate, s: Scope, n: Node) => Value,
): Fn {
  return function (args, scope) {
    const node = args[0] ?? NOWHERE;
    arity(scope, node, name, args, 2);
    const items = list(scope, node, evaluateNode(node, scope), `${name}()`);
    return apply(items, predicateOf(scope, args[1], name), scope, args[1]!);
  };
}

/** Built-in functions. Arguments are passed unevaluated so predicates can bind `#`. */
const FUNCTIONS: Record<string, Fn> = {
  len(args, scope) {
    arity(scope, args[0] ?? NOWHERE, 'len', args, 1);
    const v = evaluateNode(args[0]!, scope);
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    if (v && typeof v === 'object') return Object.keys(v).length;
    return fail(scope, args[0]!, `len() needs an array, string or object, got ${typeName(v)}`);
  },
  isNaN(args, scope) {
    arity(scope, args[0] ?? NOWHERE, 'isNaN', args, 1);
    return Number.isNaN(num(scope, args[0]!, evaluateNode(args[0]!, scope), 'isNaN()'));
  },
  isInf(args, scope) {
    arity(scope, args[0] ?? NOWHERE, 'isInf', args, 1);
    const v = num(scope, args[0]!, evaluateNode(args[0]!, scope), 'isInf()');
    return v === Infinity || v === -Infinity;
  },
  isNil(args, scope) {
    arity(scope, args[0] ?? NOWHERE, 'isNil', args, 1);
    return isNil(evaluateNode(args[0]!, scope));
  },
  /** default(x, y): y when x is nil or NaN (a provider's "no data"), else x. */
  default(args, scope) {
    arity(scope, args[0] ?? NOWHERE, 'default', args, 2);
    let v: Value;
    try {
      v = evaluateNode(args[0]!, scope);
    } catch (err) {
      // A missing index or field is "no data" too.
      if (err instanceof ExpressionError) v = null;
      else throw err;
    }
    return isNil(v) || (typeof v === 'number' && Number.isNaN(v)) ? evaluateNode(args[1]!, scope) : v;
  },
  asInt(args, scope) {
    arity(scope, args[0] ?? NOWHERE, 'asInt', args, 1);
    const v = evaluateNode(args[0]!, scope);
    const n = typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v) ? Number.parseInt(v, 10) : v;
    if (typeof n !== 'number' || !Number.isInteger(n))
      fail(scope, args[0]!, `asInt() cannot read ${JSON.stringify(v)}`);
    return n;
  },
  asFloat(args, scope) {
    arity(scope, args[0] ?? NOWHERE, 'asFloat', args, 1);
    const v = evaluateNode(args[0]!, scope);
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n !== 'number' || (Number.isNaN(n) && v !== 'NaN'))
      fail(scope, args[0]!, `asFloat() cannot read ${JSON.stringify(v)}`);
    return n;
  },
  abs(args, scope) {
    arity(scope, args[0] ?? NOWHERE, 'abs', args, 1);
    return Math.abs(num(scope, args[0]!, evaluateNode(args[0]!, scope), 'abs()'));
  },
  min: (args, scope) => Math.min(...numbersOf(scope, args[0] ?? NOWHERE, args, 'min')),
  max: (args, scope) => Math.max(...numbersOf(scope, args[0] ?? NOWHERE, args, 'max')),
  sum: (args, scope) => numbersOf(scope, args[0] ?? NOWHERE, args, 'sum').reduce((a, b) => a + b, 0),
  mean(args, scope) {
    const xs = numbersOf(scope, args[0] ?? NOWHERE, args, 'mean');
    return xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
  },
  all: higherOrder('all', (items, p, s, n) => items.every((x) => bool(s, n, p(x), 'all() predicate'))),
  any: higherOrder('any', (items, p, s, n) => items.some((x) => bool(s, n, p(x), 'any() predicate'))),
  none: higherOrder('none', (items, p, s, n) => !items.some((x) => bool(s, n, p(x), 'none() predicate'))),
  count: higherOrder(
    'count',
    (items, p, s, n) => items.filter((x) => bool(s, n, p(x), 'count() predicate')).length,
  ),
  filter: higherOrder('filter', (items, p, s, n) =>
    items.filter((x) => bool(s, n, p(x), 'filter() predicate')),
  ),
  map: higherOrder('map', (items, p) => items.map((x) => p(x))),
};

export const FUNCTION_NAMES: readonly string[] = Object.keys(FUNCTIONS);

function compare(scope: Scope, node: Node, op: '<' | '<=' | '>' | '>=', a: Value, b: Value): boolean {
  if (!((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string')))
    fail(scope, node, `"${op}" cannot compare ${typeName(a)} with ${typeName(b)}`);
  const x = a as number | string;
  const y = b as number | string;
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

export function evaluateNode(node: Node, scope: Scope): Value {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'element':
      if (!scope.hasElement) fail(scope, node, '"#" is only defined inside a predicate');
      return scope.element;
    case 'ident':
      if (Object.hasOwn(scope.vars, node.name)) return scope.vars[node.name];
      if (node.name === 'NaN') return Number.NaN;
      if (node.name === 'Infinity') return Infinity;
      return fail(scope, node, `unknown name "${node.name}" (known: ${Object.keys(scope.vars).join(', ')})`);
    case 'member': {
      const obj = evaluateNode(node.object, scope);
      if (Array.isArray(obj) && node.property === 'length') return obj.length;
      if (!obj || typeof obj !== 'object' || Array.isArray(obj))
        return fail(scope, node, `cannot read field "${node.property}" of ${typeName(obj)}`);
      const record = obj as { [k: string]: Value };
      return Object.hasOwn(record, node.property) ? record[node.property] : null;
    }
    case 'index': {
      const obj = evaluateNode(node.object, scope);
      const key = evaluateNode(node.index, scope);
      if (Array.isArray(obj)) {
        const i = num(scope, node.index, key, 'an array index');
        const at = i < 0 ? obj.length + i : i;
        if (!Number.isInteger(i) || at < 0 || at >= obj.length)
          fail(scope, node, `index ${i} is out of range (length ${obj.length})`);
        return obj[at] as Value;
      }
      if (obj && typeof obj === 'object' && typeof key === 'string') {
        const record = obj as { [k: string]: Value };
        return Object.hasOwn(record, key) ? record[key] : null;
      }
      return fail(scope, node, `cannot index ${typeName(obj)} with ${typeName(key)}`);
    }
    case 'unary': {
      const v = evaluateNode(node.operand, scope);
      if (node.op === '!') return !bool(scope, node, v, '"!"');
      const n = num(scope, node, v, `unary "${node.op}"`);
      return node.op === '-' ? -n : n;
    }
    case 'conditional':
      return bool(scope, node, evaluateNode(node.test, scope), '"?:"')
        ? evaluateNode(node.consequent, scope)
        : evaluateNode(node.alternate, scope);
    case 'call': {
      const fn = Object.hasOwn(FUNCTIONS, node.callee) ? FUNCTIONS[node.callee] : undefined;
      if (!fn)
        return fail(scope, node, `unknown function "${node.callee}" (known: ${FUNCTION_NAMES.join(', ')})`);
      return fn(node.args, scope);
    }
    case 'predicate':
      return fail(
        scope,
        node,
        'a predicate {...} is only allowed as the second argument of all/any/none/count/filter/map',
      );
    case 'array':
      return node.elements.map((e) => evaluateNode(e, scope));
    case 'binary':
      return binary(node, scope);
  }
}

function binary(node: Extract<Node, { kind: 'binary' }>, scope: Scope): Value {
  const { op } = node;
  if (op === '&&') {
    if (!bool(scope, node.left, evaluateNode(node.left, scope), '"&&"')) return false;
    return bool(scope, node.right, evaluateNode(node.right, scope), '"&&"');
  }
  if (op === '||') {
    if (bool(scope, node.left, evaluateNode(node.left, scope), '"||"')) return true;
    return bool(scope, node.right, evaluateNode(node.right, scope), '"||"');
  }
  if (op === '??') {
    const l = evaluateNode(node.left, scope);
    return isNil(l) ? evaluateNode(node.right, scope) : l;
  }
  const a = evaluateNode(node.left, scope);
  const b = evaluateNode(node.right, scope);
  switch (op) {
    case '==':
      return equal(a, b);
    case '!=':
      return !equal(a, b);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(scope, node, op, a, b);
    case 'in':
      if (Array.isArray(b)) return b.some((x) => equal(x, a));
      if (b && typeof b === 'object' && typeof a === 'string') return Object.hasOwn(b, a);
      return fail(scope, node, `"in" needs an array or object on its right, got ${typeName(b)}`);
    case '+':
      if (typeof a === 'string' && typeof b === 'string') return a + b;
      return num(scope, node, a, '"+"') + num(scope, node, b, '"+"');
    case '-':
      return num(scope, node, a, '"-"') - num(scope, node, b, '"-"');
    case '*':
      return num(scope, node, a, '"*"') * num(scope, node, b, '"*"');
    case '/':
      return num(scope, node, a, '"/"') / num(scope, node, b, '"/"');
    case '%':
      return num(scope, node, a, '"%"') % num(scope, node, b, '"%"');
    case '**':
      return num(scope, node, a, '"**"') ** num(scope, node, b, '"**"');
  }
}

/** Evaluates a parsed tree with the given variables (`result`, and any others). */
export function evaluateTree(tree: Node, source: string, vars: Readonly<Record<string, Value>>): Value {
  return evaluateNode(tree, { vars, hasElement: false, source });
}
