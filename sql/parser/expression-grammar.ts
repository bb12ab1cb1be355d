/**
 * Grammar of expressions, literals, identifiers and types (no statements): the base class of
 * {@link SqlParser}. Grammar only; the AST is built by a separate CST walk (ast-builder.ts).
 *
 * Precedence, loosest first, as in ksqlDB: OR, AND, NOT, predicates (comparison, BETWEEN, IN,
 * LIKE, IS [NOT] NULL, IS [NOT] DISTINCT FROM), `||`, `+ -`, `* / %`, unary `+ -`, then
 * primaries with their postfix `[index]` and `->field`. GROUP BY, PARTITION BY, VALUES and the
 * operands of predicates take a `valueExpression` (no boolean operators), as in ksqlDB.
 */
import { CstParser, EOF, IToken, TokenType } from 'chevrotain';
import * as T from '../lexer/tokens.js';

const { Kw } = T;

/** Tokens an `identifier` may be. */
const IDENTIFIER_TOKENS: TokenType[] = [
  T.Identifier,
  T.QuotedIdentifier,
  T.BackQuotedIdentifier,
  T.DigitIdentifier,
  T.Variable,
  T.NonReserved,
];

/** Time unit keywords of windows and durations. */
export const TIME_UNIT_TOKENS: TokenType[] = [
  Kw.MILLISECONDS, Kw.MILLISECOND, Kw.SECONDS, Kw.SECOND, Kw.MINUTES, Kw.MINUTE,
  Kw.HOURS, Kw.HOUR, Kw.DAYS, Kw.DAY,
];

/** Expression, literal, identifier and type rules; {@link SqlParser} adds statements. */
export class ExpressionGrammar extends CstParser {
  /** True when `t` can be consumed by the `identifier` rule. */
  protected isIdentifierToken(t: IToken): boolean {
    return IDENTIFIER_TOKENS.some((type) => t.tokenType === type || (t.tokenType.CATEGORIES ?? []).includes(type));
  }

  /** Index (in LA terms) of the `)` matching the `(` at LA(start), or -1. */
  protected matchingParen(start: number): number {
    let depth = 0;
    for (let i = start; ; i++) {
      const type = this.LA(i).tokenType;
      if (type === T.LParen) depth++;
      else if (type === T.RParen && --depth === 0) return i;
      else if (type === T.Semicolon || type === EOF) return -1;
    }
  }

  /** A lambda starts here: `x =>` or `(x, y) =>`. */
  protected lambdaAhead(): boolean {
    if (this.isIdentifierToken(this.LA(1)) && this.LA(2).tokenType === T.Lambda) return true;
    if (this.LA(1).tokenType !== T.LParen) return false;
    const close = this.matchingParen(1);
    return close > 0 && this.LA(close + 1).tokenType === T.Lambda;
  }

  public identifier = this.RULE('identifier', () => {
    this.OR(IDENTIFIER_TOKENS.map((type) => ({ ALT: () => this.CONSUME(type) })));
  });

  /** An unsigned number. */
  public number = this.RULE('number', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.DecimalLiteral) },
      { ALT: () => this.CONSUME(T.FloatLiteral) },
      { ALT: () => this.CONSUME(T.IntegerLiteral) },
    ]);
  });

  /** A number with an optional leading minus (sizes, limits, property values). */
  public signedNumber = this.RULE('signedNumber', () => {
    this.OPTION(() => this.CONSUME(T.Minus));
    this.SUBRULE(this.number);
  });

  /** A constant in an expression: NULL, an unsigned number, TRUE/FALSE, a string or a variable. */
  public constant = this.RULE('constant', () => {
    this.OR([
      { ALT: () => this.CONSUME(Kw.NULL) },
      { ALT: () => this.SUBRULE(this.number) },
      { ALT: () => this.CONSUME(Kw.TRUE) },
      { ALT: () => this.CONSUME(Kw.FALSE) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.Variable) },
    ]);
  });

  /** A property or ID value: a constant whose number may carry a minus. */
  public literal = this.RULE('literal', () => {
    this.OPTION(() => this.CONSUME(T.Minus));
    this.SUBRULE(this.constant);
  });

  public timeUnit = this.RULE('timeUnit', () => {
    this.OR(TIME_UNIT_TOKENS.map((type) => ({ ALT: () => this.CONSUME(type) })));
  });

  /** `10 SECONDS`. */
  public duration = this.RULE('duration', () => {
    this.SUBRULE(this.signedNumber);
    this.SUBRULE(this.timeUnit);
  });

  public type = this.RULE('type', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.LA(2).tokenType === T.LessThan,
          ALT: () => {
            this.CONSUME(Kw.ARRAY);
            this.CONSUME(T.LessThan);
            this.SUBRULE(this.type, { LABEL: 'element' });
            this.CONSUME(T.GreaterThan);
          },
        },
        {
          GATE: () => this.LA(2).tokenType === T.LessThan,
          ALT: () => {
            this.CONSUME(Kw.MAP);
            this.CONSUME2(T.LessThan);
            this.SUBRULE2(this.type, { LABEL: 'key' });
            this.CONSUME(T.Comma);
            this.SUBRULE3(this.type, { LABEL: 'value' });
            this.CONSUME2(T.GreaterThan);
          },
        },
        {
          GATE: () => this.LA(2).tokenType === T.LessThan,
          ALT: () => {
            this.CONSUME(Kw.STRUCT);
            this.CONSUME3(T.LessThan);
            this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.structFieldType) });
            this.CONSUME3(T.GreaterThan);
          },
        },
        {
          ALT: () => {
            this.CONSUME(Kw.DECIMAL);
            this.CONSUME(T.LParen);
            this.CONSUME(T.IntegerLiteral, { LABEL: 'precision' });
            this.CONSUME2(T.Comma);
            this.CONSUME2(T.IntegerLiteral, { LABEL: 'scale' });
            this.CONSUME(T.RParen);
          },
        },
        {
          ALT: () => {
            this.SUBRULE(this.identifier, { LABEL: 'baseType' });
            this.OPTION(() => {
              this.CONSUME2(T.LParen);
              this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.typeParameter) });
              this.CONSUME2(T.RParen);
            });
          },
        },
      ],
    });
  });

  public structFieldType = this.RULE('structFieldType', () => {
    this.SUBRULE(this.identifier);
    this.SUBRULE(this.type);
  });

  public typeParameter = this.RULE('typeParameter', () => {
    this.OR([{ ALT: () => this.CONSUME(T.IntegerLiteral) }, { ALT: () => this.CONSUME(Kw.STRING) }]);
  });

  public expression = this.RULE('expression', () => {
    this.SUBRULE(this.andExpression);
    this.MANY(() => {
      this.CONSUME(Kw.OR);
      this.SUBRULE2(this.andExpression);
    });
  });

  public andExpression = this.RULE('andExpression', () => {
    this.SUBRULE(this.notExpression);
    this.MANY(() => {
      this.CONSUME(Kw.AND);
      this.SUBRULE2(this.notExpression);
    });
  });

  public notExpression = this.RULE('notExpression', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Kw.NOT);
          this.SUBRULE(this.notExpression);
        },
      },
      { ALT: () => this.SUBRULE(this.predicated) },
    ]);
  });

  public predicated = this.RULE('predicated', () => {
    this.SUBRULE(this.valueExpression);
    this.OPTION(() => this.SUBRULE(this.predicate));
  });

  public predicate = this.RULE('predicate', () => {
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.comparisonOperator);
          this.SUBRULE(this.valueExpression, { LABEL: 'right' });
        },
      },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(Kw.NOT));
          this.OR2([
            {
              ALT: () => {
                this.CONSUME(Kw.BETWEEN);
                this.SUBRULE2(this.valueExpression, { LABEL: 'lower' });
                this.CONSUME(Kw.AND);
                this.SUBRULE3(this.valueExpression, { LABEL: 'upper' });
              },
            },
            {
              ALT: () => {
                this.CONSUME(Kw.IN);
                this.CONSUME(T.LParen);
                this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
                this.CONSUME(T.RParen);
              },
            },
            {
              ALT: () => {
                this.CONSUME(Kw.LIKE);
                this.SUBRULE4(this.valueExpression, { LABEL: 'pattern' });
                this.OPTION2(() => {
                  this.CONSUME(Kw.ESCAPE);
                  this.CONSUME(T.StringLiteral, { LABEL: 'escape' });
                });
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.IS);
          this.OPTION3(() => this.CONSUME2(Kw.NOT));
          this.OR3([
            { ALT: () => this.CONSUME(Kw.NULL) },
            {
              ALT: () => {
                this.CONSUME(Kw.DISTINCT);
                this.CONSUME(Kw.FROM);
                this.SUBRULE5(this.valueExpression, { LABEL: 'right' });
              },
            },
          ]);
        },
      },
    ]);
  });

  public comparisonOperator = this.RULE('comparisonOperator', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Equals) },
      { ALT: () => this.CONSUME(T.NotEquals) },
      { ALT: () => this.CONSUME(T.LessThan) },
      { ALT: () => this.CONSUME(T.LessOrEqual) },
      { ALT: () => this.CONSUME(T.GreaterThan) },
      { ALT: () => this.CONSUME(T.GreaterOrEqual) },
    ]);
  });

  /** Arithmetic and concatenation, no boolean operators. `||` binds loosest. */
  public valueExpression = this.RULE('valueExpression', () => {
    this.SUBRULE(this.additive);
    this.MANY(() => {
      this.CONSUME(T.Concat);
      this.SUBRULE2(this.additive);
    });
  });

  public additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
      this.SUBRULE2(this.multiplicative);
    });
  });

  public multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Star) },
        { ALT: () => this.CONSUME(T.Slash) },
        { ALT: () => this.CONSUME(T.Percent) },
      ]);
      this.SUBRULE2(this.unary);
    });
  });

  public unary = this.RULE('unary', () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
          this.SUBRULE(this.unary);
        },
      },
      { ALT: () => this.SUBRULE(this.primary) },
    ]);
  });

  /** A primary followed by any `[index]` / `->field` (but not `->*`, a select item). */
  public primary = this.RULE('primary', () => {
    this.SUBRULE(this.primaryBase);
    this.MANY({
      GATE: () => !(this.LA(1).tokenType === T.Arrow && this.LA(2).tokenType === T.Star),
      DEF: () => this.SUBRULE(this.postfix),
    });
  });

  public postfix = this.RULE('postfix', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.SUBRULE(this.valueExpression);
          this.CONSUME(T.RBracket);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Arrow);
          this.SUBRULE(this.identifier);
        },
      },
    ]);
  });

  public primaryBase = this.RULE('primaryBase', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.constant) },
        { ALT: () => this.SUBRULE(this.caseExpression) },
        { ALT: () => this.SUBRULE(this.castExpression) },
        { GATE: () => this.LA(2).tokenType === T.LBracket, ALT: () => this.SUBRULE(this.arrayConstructor) },
        { GATE: () => this.LA(2).tokenType === T.LParen, ALT: () => this.SUBRULE(this.mapConstructor) },
        { GATE: () => this.LA(2).tokenType === T.LParen, ALT: () => this.SUBRULE(this.structConstructor) },
        { GATE: () => this.LA(2).tokenType === T.StringLiteral, ALT: () => this.SUBRULE(this.typedLiteral) },
        { GATE: () => this.LA(2).tokenType === T.LParen, ALT: () => this.SUBRULE(this.functionCall) },
        { ALT: () => this.SUBRULE(this.columnReference) },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.expression);
            this.CONSUME(T.RParen);
          },
        },
      ],
    });
  });

  public caseExpression = this.RULE('caseExpression', () => {
    this.CONSUME(Kw.CASE);
    this.OPTION(() => this.SUBRULE(this.valueExpression, { LABEL: 'operand' }));
    this.AT_LEAST_ONE(() => this.SUBRULE(this.whenClause));
    this.OPTION2(() => {
      this.CONSUME(Kw.ELSE);
      this.SUBRULE(this.expression, { LABEL: 'else' });
    });
    this.CONSUME(Kw.END);
  });

  public whenClause = this.RULE('whenClause', () => {
    this.CONSUME(Kw.WHEN);
    this.SUBRULE(this.expression, { LABEL: 'condition' });
    this.CONSUME(Kw.THEN);
    this.SUBRULE2(this.expression, { LABEL: 'result' });
  });

  public castExpression = this.RULE('castExpression', () => {
    this.CONSUME(Kw.CAST);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(Kw.AS);
    this.SUBRULE(this.type);
    this.CONSUME(T.RParen);
  });

  public arrayConstructor = this.RULE('arrayConstructor', () => {
    this.CONSUME(Kw.ARRAY);
    this.CONSUME(T.LBracket);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(T.RBracket);
  });

  public mapConstructor = this.RULE('mapConstructor', () => {
    this.CONSUME(Kw.MAP);
    this.CONSUME(T.LParen);
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        this.SUBRULE(this.expression, { LABEL: 'key' });
        this.CONSUME(T.Assign);
        this.SUBRULE2(this.expression, { LABEL: 'value' });
      },
    });
    this.CONSUME(T.RParen);
  });

  public structConstructor = this.RULE('structConstructor', () => {
    this.CONSUME(Kw.STRUCT);
    this.CONSUME(T.LParen);
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        this.SUBRULE(this.identifier);
        this.CONSUME(T.Assign);
        this.SUBRULE(this.expression);
      },
    });
    this.CONSUME(T.RParen);
  });

  /** `DATE '2020-01-01'`: a type name followed by a string. */
  public typedLiteral = this.RULE('typedLiteral', () => {
    this.SUBRULE(this.identifier);
    this.CONSUME(T.StringLiteral);
  });

  public functionCall = this.RULE('functionCall', () => {
    this.SUBRULE(this.identifier);
    this.CONSUME(T.LParen);
    this.OR([
      { ALT: () => this.CONSUME(T.Star) },
      { ALT: () => this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.functionArgument) }) },
    ]);
    this.CONSUME(T.RParen);
  });

  public functionArgument = this.RULE('functionArgument', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => this.lambdaAhead(), ALT: () => this.SUBRULE(this.lambda) },
        { ALT: () => this.SUBRULE(this.expression) },
        { ALT: () => this.SUBRULE(this.timeUnit) },
      ],
    });
  });

  public lambda = this.RULE('lambda', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.identifier) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE2(this.identifier) });
          this.CONSUME(T.RParen);
        },
      },
    ]);
    this.CONSUME(T.Lambda);
    this.SUBRULE(this.expression);
  });

  /** `col` or `source.col`. */
  public columnReference = this.RULE('columnReference', () => {
    this.SUBRULE(this.identifier);
    this.OPTION({
      GATE: () => this.LA(2).tokenType !== T.Star,
      DEF: () => {
        this.CONSUME(T.Dot);
        this.SUBRULE2(this.identifier, { LABEL: 'column' });
      },
    });
  });
}
