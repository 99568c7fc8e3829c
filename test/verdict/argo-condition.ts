/**
 * Evaluates an Argo Rollouts successCondition / failureCondition (expr-lang syntax) on a web
 * metric's `result`, for the operators such conditions use: member access, literals, `==`, `!=`,
 * `<`, `<=`, `>`, `>=`, `&&`, `||`, `!`, `in [..]`. Anything else throws, so a condition the
 * docs show that this cannot read fails the test instead of passing it.
 */
import jsep from 'jsep';

jsep.addBinaryOp('in', 7);

export function argoCondition(condition: string, result: unknown): boolean {
  return Boolean(evaluate(jsep(condition), { result }));
}

function evaluate(node: jsep.Expression, scope: Record<string, unknown>): unknown {
  switch (node.type) {
    case 'Literal':
      return (node as jsep.Literal).value;
    case 'Identifier': {
      const name = (node as jsep.Identifier).name;
      if (!(name in scope)) throw new Error(`argo condition: unknown name ${name}`);
      return scope[name];
    }
    case 'MemberExpression': {
      const member = node as jsep.MemberExpression;
      const object = evaluate(member.object, scope) as Record<string, unknown> | undefined;
      const key = member.computed
        ? (evaluate(member.property, scope) as string)
        : (member.property as jsep.Identifier).name;
      return object?.[key];
    }
    case 'ArrayExpression':
      return (node as jsep.ArrayExpression).elements.map((e) => (e ? evaluate(e, scope) : undefined));
    case 'UnaryExpression': {
      const unary = node as jsep.UnaryExpression;
      if (unary.operator !== '!') throw new Error(`argo condition: operator ${unary.operator}`);
      return !evaluate(unary.argument, scope);
    }
    case 'BinaryExpression': {
      const binary = node as jsep.BinaryExpression;
      const left = evaluate(binary.left, scope);
      if (binary.operator === '&&') return Boolean(left) && Boolean(evaluate(binary.right, scope));
      if (binary.operator === '||') return Boolean(left) || Boolean(evaluate(binary.right, scope));
      const right = evaluate(binary.right, scope);
      switch (binary.operator) {
        case '==':
          return left === right;
        case '!=':
          return left !== right;
        case '<':
          return (left as number) < (right as number);
        case '<=':
          return (left as number) <= (right as number);
        case '>':
          return (left as number) > (right as number);
        case '>=':
          return (left as number) >= (right as number);
        case 'in':
          return (right as unknown[]).includes(left);
        default:
          throw new Error(`argo condition: operator ${binary.operator}`);
      }
    }
    default:
      throw new Error(`argo condition: ${node.type} is not read here`);
  }
}
