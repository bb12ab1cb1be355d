/**
 * Grammar of the SELECT query: projection, FROM with joins, WINDOW, WHERE, GROUP BY,
 * PARTITION BY, HAVING, EMIT and LIMIT, in ksqlDB's clause order. Grammar only.
 */
import * as T from '../lexer/tokens.js';
import { ExpressionGrammar } from './expression-grammar.js';

const { Kw } = T;

/** The SELECT rules; {@link SqlParser} adds statements. */
export class QueryGrammar extends ExpressionGrammar {
  /** True when the next tokens start a clause after FROM (so they are not an alias). */
  private clauseAhead(): boolean {
    const [a, b] = [this.LA(1).tokenType, this.LA(2).tokenType];
    return (a === Kw.EMIT && (b === Kw.CHANGES || b === Kw.FINAL)) || (a === Kw.PARTITION && b === Kw.BY);
  }

  /** `(a, b)` / `()` follows: a parenthesized list rather than a parenthesized expression. */
  private parenListAhead(): boolean {
    if (this.LA(1).tokenType !== T.LParen) return false;
    const close = this.matchingParen(1);
    if (close < 0) return false;
    if (close === 2) return true;
    let depth = 0;
    for (let i = 1; i < close; i++) {
      const type = this.LA(i).tokenType;
      if (type === T.LParen || type === T.LBracket) depth++;
      else if (type === T.RParen || type === T.RBracket) depth--;
      else if (type === T.Comma && depth === 1) return true;
    }
    return false;
  }

  public query = this.RULE('query', () => {
    this.CONSUME(Kw.SELECT);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.selectItem) });
    this.CONSUME(Kw.FROM);
    this.SUBRULE(this.relation);
    this.OPTION(() => {
      this.CONSUME(Kw.WINDOW);
      this.SUBRULE(this.windowExpression);
    });
    this.OPTION2(() => {
      this.CONSUME(Kw.WHERE);
      this.SUBRULE(this.expression, { LABEL: 'where' });
    });
    this.OPTION3(() => {
      this.CONSUME(Kw.GROUP);
      this.CONSUME(Kw.BY);
      this.SUBRULE(this.expressionList, { LABEL: 'groupBy' });
    });
    this.OPTION4(() => {
      this.CONSUME(Kw.PARTITION);
      this.CONSUME2(Kw.BY);
      this.SUBRULE2(this.expressionList, { LABEL: 'partitionBy' });
    });
    this.OPTION5(() => {
      this.CONSUME(Kw.HAVING);
      this.SUBRULE2(this.expression, { LABEL: 'having' });
    });
    this.OPTION6(() => {
      this.CONSUME(Kw.EMIT);
      this.OR([{ ALT: () => this.CONSUME(Kw.CHANGES) }, { ALT: () => this.CONSUME(Kw.FINAL) }]);
    });
    this.OPTION7(() => this.SUBRULE(this.limitClause));
  });

  public limitClause = this.RULE('limitClause', () => {
    this.CONSUME(Kw.LIMIT);
    this.SUBRULE(this.signedNumber);
  });

  /** GROUP BY / PARTITION BY list: `a, b` or `(a, b)` (or `()`). */
  public expressionList = this.RULE('expressionList', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.parenListAhead(),
          ALT: () => {
            this.CONSUME(T.LParen);
            this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.valueExpression) });
            this.CONSUME(T.RParen);
          },
        },
        { ALT: () => this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE2(this.valueExpression) }) },
      ],
    });
  });

  public selectItem = this.RULE('selectItem', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Star) },
      {
        GATE: () => this.LA(2).tokenType === T.Dot && this.LA(3).tokenType === T.Star,
        ALT: () => {
          this.SUBRULE(this.identifier, { LABEL: 'source' });
          this.CONSUME(T.Dot);
          this.CONSUME2(T.Star, { LABEL: 'sourceStar' });
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.expression);
          this.OR2([
            {
              ALT: () => {
                this.CONSUME(T.Arrow);
                this.CONSUME3(T.Star, { LABEL: 'structStar' });
              },
            },
            {
              ALT: () =>
                this.OPTION(() => {
                  this.OPTION2(() => this.CONSUME(Kw.AS));
                  this.SUBRULE2(this.identifier, { LABEL: 'alias' });
                }),
            },
          ]);
        },
      },
    ]);
  });

  public relation = this.RULE('relation', () => {
    this.SUBRULE(this.aliasedSource);
    this.MANY(() => this.SUBRULE(this.joinedSource));
  });

  public aliasedSource = this.RULE('aliasedSource', () => {
    this.SUBRULE(this.identifier, { LABEL: 'name' });
    this.OPTION({
      GATE: () => !this.clauseAhead(),
      DEF: () => {
        this.OPTION2(() => this.CONSUME(Kw.AS));
        this.SUBRULE2(this.identifier, { LABEL: 'alias' });
      },
    });
  });

  public joinedSource = this.RULE('joinedSource', () => {
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.CONSUME(Kw.INNER) },
        { ALT: () => this.CONSUME(Kw.FULL) },
        { ALT: () => this.CONSUME(Kw.LEFT) },
        { ALT: () => this.CONSUME(Kw.RIGHT) },
      ]),
    );
    this.OPTION2(() => this.CONSUME(Kw.OUTER));
    this.CONSUME(Kw.JOIN);
    this.SUBRULE(this.aliasedSource);
    this.OPTION3(() => {
      this.CONSUME(Kw.WITHIN);
      this.SUBRULE(this.withinExpression);
    });
    this.CONSUME(Kw.ON);
    this.SUBRULE(this.expression);
  });

  public withinExpression = this.RULE('withinExpression', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.duration, { LABEL: 'before' });
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.duration, { LABEL: 'after' });
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE3(this.duration, { LABEL: 'size' }) },
    ]);
    this.OPTION(() => this.SUBRULE(this.gracePeriod));
  });

  public gracePeriod = this.RULE('gracePeriod', () => {
    this.CONSUME(Kw.GRACE);
    this.CONSUME(Kw.PERIOD);
    this.SUBRULE(this.duration);
  });

  public windowExpression = this.RULE('windowExpression', () => {
    // ksqlDB accepts (and ignores) a window name: WINDOW w TUMBLING (...).
    this.OPTION(() => this.CONSUME(T.Identifier, { LABEL: 'windowName' }));
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Kw.TUMBLING);
          this.CONSUME(T.LParen);
          this.CONSUME(Kw.SIZE);
          this.SUBRULE(this.duration, { LABEL: 'size' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.HOPPING);
          this.CONSUME2(T.LParen);
          this.CONSUME2(Kw.SIZE);
          this.SUBRULE2(this.duration, { LABEL: 'size' });
          this.CONSUME(T.Comma);
          this.CONSUME(Kw.ADVANCE);
          this.CONSUME(Kw.BY);
          this.SUBRULE3(this.duration, { LABEL: 'advance' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.SESSION);
          this.CONSUME3(T.LParen);
          this.SUBRULE4(this.duration, { LABEL: 'gap' });
        },
      },
    ]);
    this.MANY(() => {
      this.CONSUME2(T.Comma);
      this.SUBRULE(this.windowOption);
    });
    this.CONSUME(T.RParen);
  });

  /** `RETENTION n unit` or `GRACE PERIOD n unit` inside a window. */
  public windowOption = this.RULE('windowOption', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Kw.RETENTION);
          this.SUBRULE(this.duration);
        },
      },
      { ALT: () => this.SUBRULE(this.gracePeriod) },
    ]);
  });
}
