/** Syntax tree of a condition. `pos` is the 0-based source offset, for error messages. */
export type Node =
  | { kind: 'literal'; value: number | string | boolean | null; pos: number }
  | { kind: 'ident'; name: string; pos: number }
  /** `#`: the current element inside a predicate `{ ... }` of all/any/none/filter/map/count. */
  | { kind: 'element'; pos: number }
  | { kind: 'member'; object: Node; property: string; pos: number }
  | { kind: 'index'; object: Node; index: Node; pos: number }
  | { kind: 'unary'; op: '!' | '-' | '+'; operand: Node; pos: number }
  | { kind: 'binary'; op: BinaryOp; left: Node; right: Node; pos: number }
  | { kind: 'conditional'; test: Node; consequent: Node; alternate: Node; pos: number }
  | { kind: 'call'; callee: string; args: Node[]; pos: number }
  | { kind: 'predicate'; body: Node; pos: number }
  | { kind: 'array'; elements: Node[]; pos: number };

export type BinaryOp =
  '||' | '&&' | '??' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | '+' | '-' | '*' | '/' | '%' | '**';
