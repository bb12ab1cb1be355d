/** Where a node starts in the SQL text. */
export interface SourcePosition {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** 0-based character offset into the whole text. */
  offset: number;
}

/** Fields every AST node carries. */
export interface NodeBase {
  pos: SourcePosition;
}
