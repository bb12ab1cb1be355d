/**
 * Walks the CST of one `singleStatement` and builds its typed AST {@link Statement}.
 * Throws {@link SqlSyntaxError} for what the grammar lets through but ksqlDB's AST builder
 * rejects (KEY on a table column, PRIMARY KEY on a stream column, literal overflow, ...).
 */
import { CstNode, IToken } from 'chevrotain';
import { ListTarget, Property, Statement, TableElement } from '../ast/statements.js';
import { has, maybeNode, maybeToken, node, nodePos, nodes, onlyChild, token, tokens } from './cst.js';
import { astError, identifierOf, identifierToken, syntaxError, undefinedVariable, unquoteString } from './build-common.js';
import { Kw } from '../lexer/tokens.js';
import { buildLimit, buildQuery } from './build-query.js';
import { buildDuration, buildLiteral, buildType, wholeNumber } from './build-literal.js';
import { buildValueExpression } from './build-expression.js';
import { validateSourceProperties } from './properties.js';
import { checkQualifiers } from './ast-checks.js';
import { SqlSyntaxError } from './errors.js';

/** Builds the statement of a `singleStatement` CST node; `text` is its source text. */
export function buildStatement(singleStatement: CstNode, text: string): Statement {
  try {
    const statement = build(node(singleStatement, 'statement'), text);
    checkQualifiers(statement);
    return statement;
  } catch (err) {
    if (!(err instanceof SqlSyntaxError) || !err.message.startsWith('Syntax error at or near')) throw err;
    const { line, column, offendingToken, expected } = err;
    throw new SqlSyntaxError(`${err.message}\nStatement: ${text}`, { line, column, offendingToken, expected });
  }
}

function build(statement: CstNode, text: string): Statement {
  const { name, element } = onlyChild(statement);
  const n = element as CstNode;
  const base = { text, pos: nodePos(n) };
  switch (name) {
    case 'query':
      return { kind: 'QueryStatement', query: buildQuery(n, false), ...base };
    case 'listStatement':
      return buildList(n, base);
    case 'describeStatement':
      return buildDescribe(n, base);
    case 'printStatement':
      return buildPrint(n, base);
    case 'terminateStatement': {
      const id = maybeNode(n, 'identifier');
      return id ? { kind: 'Terminate', queryId: identifierOf(id), ...base } : { kind: 'Terminate', ...base };
    }
    case 'pauseResumeStatement': {
      const kind = has(n, 'PAUSE') ? 'PauseQuery' : 'ResumeQuery';
      const id = maybeNode(n, 'identifier');
      return id ? { kind, queryId: identifierOf(id), ...base } : { kind, ...base };
    }
    case 'setStatement':
      return { kind: 'SetProperty', name: stringValue(node(n, 'name')), value: stringValue(node(n, 'value')), ...base };
    case 'unsetStatement':
      return { kind: 'UnsetProperty', name: stringValue(node(n, 'name')), ...base };
    case 'alterStatement':
      return buildAlter(n, base);
    case 'defineStatement':
      return { kind: 'DefineVariable', name: variableName(node(n, 'variableName')), value: unquoteString(token(n, 'StringLiteral').image), ...base };
    case 'undefineStatement':
      return { kind: 'UndefineVariable', name: variableName(node(n, 'variableName')), ...base };
    case 'createStatement':
      return buildCreate(n, base);
    case 'insertStatement':
      return buildInsert(n, base);
    case 'dropStatement':
      return buildDrop(n, base);
    case 'explainStatement': {
      const inner = maybeNode(n, 'statement');
      if (inner) {
        const innerText = text.slice(nodePos(inner).offset - base.pos.offset);
        return { kind: 'Explain', statement: build(inner, innerText), ...base };
      }
      return { kind: 'Explain', queryId: identifierOf(node(n, 'queryId')), ...base };
    }
    case 'assertStatement':
      return buildAssert(n, base);
    default:
      return { kind: 'RunScript', path: unquoteString(token(n, 'StringLiteral').image), ...base };
  }
}

function variableName(n: CstNode): string {
  const id = maybeNode(n, 'identifier');
  return id ? identifierOf(id) : token(n, 'AnyKeyword').image.toUpperCase();
}

type Base = { text: string; pos: ReturnType<typeof nodePos> };

/** `'text'` or an undefined `${var}` (an error). */
function stringValue(n: CstNode): string {
  const t = onlyChild(n).element as IToken;
  if (t.image.startsWith('${')) throw undefinedVariable(t);
  return unquoteString(t.image);
}

function connectorTypeOf(n: CstNode): 'SOURCE' | 'SINK' {
  return has(node(n, 'connectorType'), 'SOURCE') ? 'SOURCE' : 'SINK';
}

function buildList(n: CstNode, base: Base): Statement {
  const target = token(n, 'target').image.toUpperCase() as ListTarget;
  const list = { kind: 'List' as const, target, extended: has(n, 'EXTENDED'), all: has(n, 'ALL'), ...base };
  return has(n, 'connectorType') ? { ...list, connectorType: connectorTypeOf(n) } : list;
}

function buildDescribe(n: CstNode, base: Base): Statement {
  const extended = has(n, 'EXTENDED');
  const connector = maybeNode(n, 'connectorName');
  const fn = maybeNode(n, 'functionName');
  if ((connector || fn) && extended) throw syntaxError(token(n, 'EXTENDED'), "mismatched input 'EXTENDED' expecting ';'");
  if (connector) return { kind: 'DescribeConnector', name: identifierOf(connector), ...base };
  if (fn) return { kind: 'DescribeFunction', name: identifierOf(fn), ...base };
  if (has(n, 'STREAMS')) return { kind: 'DescribeSources', target: 'STREAMS', extended, ...base };
  const sourceName = node(n, 'sourceName');
  // As ksqlDB: unquoted DESCRIBE TABLES lists tables; a source named TABLES needs quotes.
  if (identifierToken(sourceName).tokenType === Kw.TABLES) return { kind: 'DescribeSources', target: 'TABLES', extended, ...base };
  return { kind: 'Describe', name: identifierOf(sourceName), extended, ...base };
}

function buildPrint(n: CstNode, base: Base): Statement {
  const quoted = maybeToken(n, 'StringLiteral');
  const topic = quoted ? unquoteString(quoted.image) : identifierOf(node(n, 'identifier'));
  const interval = maybeNode(n, 'interval');
  const limit = maybeNode(n, 'limitClause');
  return {
    kind: 'Print',
    topic,
    fromBeginning: has(n, 'BEGINNING'),
    ...(interval ? { interval: wholeNumber(interval, 'INTERVAL') } : {}),
    ...(limit ? { limit: buildLimit(limit) } : {}),
    ...base,
  };
}

function sourceTypeOf(n: CstNode): 'STREAM' | 'TABLE' {
  return has(node(n, 'sourceKind'), 'STREAM') ? 'STREAM' : 'TABLE';
}

function buildAlter(n: CstNode, base: Base): Statement {
  if (has(n, 'SYSTEM')) {
    const [name, value] = [token(n, 'name'), token(n, 'value')].map((t) => unquoteString(t.image));
    return { kind: 'AlterSystemProperty', name, value, ...base };
  }
  const columns = nodes(n, 'alterOption').map((o) => ({
    name: identifierOf(node(o, 'identifier')),
    type: buildType(node(o, 'type')),
  }));
  return { kind: 'AlterSource', sourceType: sourceTypeOf(n), name: identifierOf(node(n, 'sourceName')), columns, ...base };
}

/**
 * Properties of a `withProperties` node (absent: none). Source and query property names are
 * case-insensitive and upper-cased; connector configs (`keepQuotedCase`) keep the case of quoted
 * names (`'connector.class'`, `"tasks.max"`).
 */
export function buildProperties(n: CstNode | undefined, keepQuotedCase = false): Property[] {
  if (!n) return [];
  const seen = new Set<string>();
  return nodes(n, 'property').map((p) => {
    const quoted = maybeToken(p, 'StringLiteral');
    const written = quoted ? unquoteString(quoted.image) : identifierOf(node(p, 'identifier'));
    const name = keepQuotedCase ? written : written.toUpperCase();
    const pos = nodePos(p);
    if (seen.has(name)) throw astError(pos, `Duplicate property in the WITH clause: ${name}`);
    seen.add(name);
    return { name, value: buildLiteral(node(p, 'literal')), pos };
  });
}

function buildCreate(n: CstNode, base: Base): Statement {
  const orReplace = has(n, 'REPLACE');
  const typeName = maybeNode(n, 'typeName');
  const ifNotExists = has(n, 'ifNotExists');
  if (typeName) {
    if (orReplace) throw syntaxError(token(n, 'TYPE'), "mismatched input 'TYPE' expecting {'STREAM', 'TABLE'}");
    return { kind: 'CreateType', name: identifierOf(typeName), type: buildType(node(n, 'type')), ifNotExists, ...base };
  }
  const connector = maybeNode(n, 'connectorName');
  if (connector) {
    const properties = buildProperties(node(n, 'connectorProperties'), true);
    return { kind: 'CreateConnector', connectorType: connectorTypeOf(n), name: identifierOf(connector), ifNotExists, properties, ...base };
  }
  const sourceType = sourceTypeOf(n);
  const name = identifierOf(node(n, 'sourceName'));
  const properties = buildProperties(maybeNode(n, 'withProperties'));
  const query = maybeNode(n, 'query');
  const elements = maybeNode(n, 'tableElements');
  const isSource = has(n, 'SOURCE');
  if (query) {
    if (elements || isSource) throw syntaxError(tokens(n, 'AS')[0], "mismatched input 'AS' expecting ';'");
    return { kind: 'CreateAsSelect', sourceType, name, orReplace, ifNotExists, properties, query: buildQuery(query, true), ...base };
  }
  const columns = elements ? nodes(elements, 'tableElement').map((e) => buildTableElement(e, sourceType)) : [];
  validateSourceProperties(properties);
  return { kind: 'CreateSource', sourceType, name, orReplace, ifNotExists, isSource, elements: columns, properties, ...base };
}

function buildTableElement(n: CstNode, sourceType: 'STREAM' | 'TABLE'): TableElement {
  const name = identifierOf(node(n, 'identifier'));
  const element: TableElement = { name, type: buildType(node(n, 'type')), pos: nodePos(n) };
  const constraint = maybeNode(n, 'columnConstraint');
  if (!constraint) return element;
  if (has(constraint, 'KEY')) {
    const primary = has(constraint, 'PRIMARY');
    if (primary && sourceType === 'STREAM') {
      throw astError(element.pos, `Column \`${name}\` is a 'PRIMARY KEY' column: please use 'KEY' for streams.`);
    }
    if (!primary && sourceType === 'TABLE') {
      throw astError(element.pos, `Column \`${name}\` is a 'KEY' column: please use 'PRIMARY KEY' for tables.`);
    }
    element.key = primary ? 'PRIMARY KEY' : 'KEY';
  } else {
    const headerKey = maybeToken(constraint, 'StringLiteral');
    element.headers = headerKey ? { key: unquoteString(headerKey.image) } : {};
  }
  return element;
}

function buildInsert(n: CstNode, base: Base): Statement {
  const target = identifierOf(node(n, 'target'));
  const query = maybeNode(n, 'query');
  if (query) {
    return { kind: 'InsertInto', target, properties: buildProperties(maybeNode(n, 'withProperties')), query: buildQuery(query, true), ...base };
  }
  const columnList = maybeNode(n, 'columnList');
  const values = nodes(node(n, 'valueList'), 'valueExpression').map(buildValueExpression);
  if (!columnList) return { kind: 'InsertValues', target, values, ...base };
  const columns = nodes(columnList, 'identifier').map(identifierOf);
  return { kind: 'InsertValues', target, columns, values, ...base };
}

function buildDrop(n: CstNode, base: Base): Statement {
  const ifExists = has(n, 'ifExists');
  const typeName = maybeNode(n, 'typeName');
  if (typeName) return { kind: 'DropType', name: identifierOf(typeName), ifExists, ...base };
  const connector = maybeNode(n, 'connectorName');
  if (connector) return { kind: 'DropConnector', name: identifierOf(connector), ifExists, ...base };
  return {
    kind: 'DropSource',
    sourceType: sourceTypeOf(n),
    name: identifierOf(node(n, 'sourceName')),
    ifExists,
    deleteTopic: has(n, 'DELETE'),
    ...base,
  };
}

function resourceName(n: CstNode): string {
  const quoted = maybeToken(n, 'StringLiteral');
  return quoted ? unquoteString(quoted.image) : identifierOf(node(n, 'identifier'));
}

function buildAssert(n: CstNode, base: Base): Statement {
  const exists = !has(n, 'NOT');
  const timeoutNode = maybeNode(n, 'timeout');
  const timeout = timeoutNode ? { timeout: buildDuration(node(timeoutNode, 'duration')) } : {};
  const topic = maybeNode(n, 'topic');
  if (topic) {
    const properties = buildProperties(maybeNode(n, 'withProperties'));
    return { kind: 'AssertTopic', topic: resourceName(topic), exists, properties, ...timeout, ...base };
  }
  const subject = maybeNode(n, 'subject');
  const idNode = maybeNode(n, 'id');
  const id = idNode ? buildLiteral(idNode) : undefined;
  if (id && id.kind !== 'IntegerLiteral') throw astError(id.pos, 'ASSERT SCHEMA ID must be an integer');
  return {
    kind: 'AssertSchema',
    exists,
    ...(subject ? { subject: resourceName(subject) } : {}),
    ...(id && id.kind === 'IntegerLiteral' ? { id: id.value } : {}),
    ...timeout,
    ...base,
  };
}
