/**
 * Tokens of ksqlDB's SQL dialect for the Chevrotain lexer.
 *
 * Keywords are case-insensitive and come before `Identifier` in the token list, each with
 * `longer_alt: Identifier` so that `SELECTED` is an identifier, not `SELECT` + `ED`. They are
 * tried longest first so that `INNER` is not lexed as `IN` + `NER`. Keywords that ksqlDB lets
 * you use as identifiers (its "non-reserved" words: `KEY`, `DATE`, `TYPE`, ...) carry the
 * `NonReserved` category, which the parser's `identifier` rule accepts.
 *
 * Each token's `LABEL` is the name ksqlDB prints for it in syntax errors (`'SELECT'`,
 * `IDENTIFIER`, `INTEGER_VALUE`, ...).
 */
import { createToken, Lexer, TokenType } from 'chevrotain';

/** Category of the keywords ksqlDB accepts where an identifier is expected. */
export const NonReserved = createToken({ name: 'NonReserved', pattern: Lexer.NA, label: 'IDENTIFIER' });

/** Category of every keyword (variable names may be any word, reserved or not). */
export const AnyKeyword = createToken({ name: 'AnyKeyword', pattern: Lexer.NA, label: 'IDENTIFIER' });

/** Unquoted identifier: a letter or `_`, then letters, digits, `_` or `@`. */
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_@]*/,
  label: 'IDENTIFIER',
});

/** Keywords ksqlDB also accepts as identifiers (its grammar's `nonReserved` rule). */
const NON_RESERVED_WORDS = [
  'SHOW', 'TABLES', 'COLUMNS', 'COLUMN', 'PARTITIONS', 'FUNCTIONS', 'FUNCTION', 'SESSION',
  'STRUCT', 'MAP', 'ARRAY', 'PARTITION', 'INTEGER', 'DATE', 'TIME', 'TIMESTAMP', 'INTERVAL',
  'ZONE', 'STRING', 'YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'EXPLAIN', 'ANALYZE',
  'TYPE', 'TYPES', 'SET', 'RESET', 'IF', 'SOURCE', 'SINK', 'PRIMARY', 'KEY', 'EMIT', 'CHANGES',
  'FINAL', 'ESCAPE', 'REPLACE', 'ASSERT', 'ALTER', 'ADD', 'HEADER', 'HEADERS', 'GRACE', 'PERIOD',
  'DEFINE', 'UNDEFINE', 'VARIABLES', 'PLUGINS', 'SYSTEM', 'TIMEOUT', 'SCHEMA', 'SUBJECT', 'ID',
  // Newer ksqlDB statements; kept non-reserved so columns with these names still parse.
  'PAUSE', 'RESUME',
] as const;

/** Keywords that can never be identifiers unless quoted. */
const RESERVED_WORDS = [
  'SELECT', 'FROM', 'AS', 'ALL', 'DISTINCT', 'WHERE', 'WITHIN', 'WINDOW', 'GROUP', 'BY', 'HAVING',
  'LIMIT', 'AT', 'OR', 'AND', 'IN', 'NOT', 'EXISTS', 'BETWEEN', 'LIKE', 'IS', 'NULL', 'TRUE',
  'FALSE', 'MILLISECOND', 'YEARS', 'MONTHS', 'DAYS', 'HOURS', 'MINUTES', 'SECONDS',
  'MILLISECONDS', 'TUMBLING', 'HOPPING', 'SIZE', 'ADVANCE', 'RETENTION', 'CASE', 'WHEN', 'THEN',
  'ELSE', 'END', 'JOIN', 'FULL', 'OUTER', 'INNER', 'LEFT', 'RIGHT', 'ON', 'WITH', 'VALUES',
  'CREATE', 'TABLE', 'TOPIC', 'STREAM', 'STREAMS', 'INSERT', 'DELETE', 'INTO', 'DESCRIBE',
  'EXTENDED', 'PRINT', 'CAST', 'LIST', 'TOPICS', 'QUERY', 'QUERIES', 'TERMINATE', 'LOAD', 'DROP',
  'TO', 'RENAME', 'SAMPLE', 'EXPORT', 'CATALOG', 'PROPERTIES', 'BEGINNING', 'UNSET', 'RUN',
  'SCRIPT', 'DECIMAL', 'CONNECTOR', 'CONNECTORS', 'NAMESPACE', 'MATERIALIZED', 'VIEW',
] as const;

/** A keyword's upper-case spelling. */
export type KeywordName = (typeof NON_RESERVED_WORDS)[number] | (typeof RESERVED_WORDS)[number];

function keywordToken(word: KeywordName, nonReserved: boolean): TokenType {
  return createToken({
    name: word,
    pattern: new RegExp(word, 'i'),
    longer_alt: Identifier,
    categories: nonReserved ? [NonReserved, AnyKeyword] : [AnyKeyword],
    label: `'${word}'`,
  });
}

/** Keyword tokens by upper-case spelling: `Kw.SELECT`, `Kw.KEY`, ... */
export const Kw = Object.fromEntries([
  ...NON_RESERVED_WORDS.map((w) => [w, keywordToken(w, true)]),
  ...RESERVED_WORDS.map((w) => [w, keywordToken(w, false)]),
]) as Record<KeywordName, TokenType>;

/** True when `word` (any case) is a keyword ksqlDB does not accept as an identifier. */
export function isReservedWord(word: string): boolean {
  return (RESERVED_WORDS as readonly string[]).includes(word.toUpperCase());
}

/** Skipped: white space. */
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });
/** `-- ...` to the end of the line (ksqlDB's `--@` directives are comments here too). */
export const LineComment = createToken({ name: 'LineComment', pattern: /--[^\r\n]*/, group: Lexer.SKIPPED });
/** Skipped: block comments (slash-star to star-slash). */
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: Lexer.SKIPPED });

/** `'text'` with `''` standing for one quote. */
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /'(?:[^']|'')*'/, label: 'STRING' });
/** `1.5E-3`, `2E10`, `.5e1`: a DOUBLE literal. */
export const FloatLiteral = createToken({
  name: 'FloatLiteral',
  pattern: /(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d+/,
  label: 'FLOATING_POINT_VALUE',
});
/** `1.5`, `10.`, `.5`: a DECIMAL literal. */
export const DecimalLiteral = createToken({ name: 'DecimalLiteral', pattern: /\d+\.\d*|\.\d+/, label: 'DECIMAL_VALUE' });
/** An identifier starting with a digit (`1st`), as ksqlDB allows. */
export const DigitIdentifier = createToken({
  name: 'DigitIdentifier',
  pattern: /\d+[A-Za-z_@][A-Za-z0-9_@]*/,
  label: 'DIGIT_IDENTIFIER',
});
/** `42`: an INT or BIGINT literal. */
export const IntegerLiteral = createToken({ name: 'IntegerLiteral', pattern: /\d+/, label: 'INTEGER_VALUE' });
/** `"Name"`: a case-sensitive identifier, `""` standing for one quote. */
export const QuotedIdentifier = createToken({
  name: 'QuotedIdentifier',
  pattern: /"(?:[^"]|"")*"/,
  label: 'QUOTED_IDENTIFIER',
});
/** `` `Name` ``: a case-sensitive identifier, ``` `` ``` standing for one backtick. */
export const BackQuotedIdentifier = createToken({
  name: 'BackQuotedIdentifier',
  pattern: /`(?:[^`]|``)*`/,
  label: 'BACKQUOTED_IDENTIFIER',
});
/** `${name}`: a variable reference left over after substitution. */
export const Variable = createToken({ name: 'Variable', pattern: /\$\{[A-Za-z_][A-Za-z0-9_@]*\}/, label: 'VARIABLE' });

function op(name: string, pattern: RegExp, text: string): TokenType {
  return createToken({ name, pattern, label: `'${text}'` });
}

// Operators and punctuation; multi-character ones come before their one-character prefixes.
/** `=>` of a lambda. */
export const Lambda = op('Lambda', /=>/, '=>');
export const Arrow = op('Arrow', /->/, '->');
export const Concat = op('Concat', /\|\|/, '||');
export const Assign = op('Assign', /:=/, ':=');
export const NotEquals = op('NotEquals', /<>|!=/, '<>');
export const LessOrEqual = op('LessOrEqual', /<=/, '<=');
export const GreaterOrEqual = op('GreaterOrEqual', />=/, '>=');
export const Equals = op('Equals', /=/, '=');
export const LessThan = op('LessThan', /</, '<');
export const GreaterThan = op('GreaterThan', />/, '>');
export const Plus = op('Plus', /\+/, '+');
export const Minus = op('Minus', /-/, '-');
export const Star = op('Star', /\*/, '*');
export const Slash = op('Slash', /\//, '/');
export const Percent = op('Percent', /%/, '%');
export const LParen = op('LParen', /\(/, '(');
export const RParen = op('RParen', /\)/, ')');
export const LBracket = op('LBracket', /\[/, '[');
export const RBracket = op('RBracket', /\]/, ']');
export const Comma = op('Comma', /,/, ',');
export const Dot = op('Dot', /\./, '.');
export const Semicolon = op('Semicolon', /;/, ';');

/** Longest keyword first, so a keyword that prefixes another (`IN`, `INNER`) cannot shadow it. */
const keywordsLongestFirst = Object.values(Kw).sort((a, b) => b.name.length - a.name.length);

/** Every token type in lexing order. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  StringLiteral,
  FloatLiteral,
  DecimalLiteral,
  DigitIdentifier,
  IntegerLiteral,
  QuotedIdentifier,
  BackQuotedIdentifier,
  Variable,
  NonReserved,
  AnyKeyword,
  ...keywordsLongestFirst,
  Identifier,
  Lambda,
  Arrow,
  Concat,
  Assign,
  NotEquals,
  LessOrEqual,
  GreaterOrEqual,
  Equals,
  LessThan,
  GreaterThan,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Dot,
  Semicolon,
];
