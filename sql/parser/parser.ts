/**
 * The ksqlDB statement grammar (a Chevrotain CstParser): every statement form, on top of
 * {@link QueryGrammar} (SELECT) and {@link ExpressionGrammar}. Grammar only; ast-builder.ts turns its CST into the AST.
 * One parse handles one statement and its `;` (the facade splits the text at `;` tokens).
 */
import { IParserErrorMessageProvider } from 'chevrotain';
import * as T from '../lexer/tokens.js';
import { QueryGrammar } from './query-grammar.js';

const { Kw } = T;

/** The whole grammar; parse one statement with `parser.input = tokens; parser.singleStatement()`. */
export class SqlParser extends QueryGrammar {
  constructor(errorMessageProvider?: IParserErrorMessageProvider) {
    super(T.allTokens, { recoveryEnabled: false, maxLookahead: 3, nodeLocationTracking: 'full', errorMessageProvider });
    this.performSelfAnalysis();
  }

  public singleStatement = this.RULE('singleStatement', () => {
    this.SUBRULE(this.statement);
    this.CONSUME(T.Semicolon);
  });

  public statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.query) },
      { ALT: () => this.SUBRULE(this.listStatement) },
      { ALT: () => this.SUBRULE(this.describeStatement) },
      { ALT: () => this.SUBRULE(this.printStatement) },
      { ALT: () => this.SUBRULE(this.terminateStatement) },
      { ALT: () => this.SUBRULE(this.pauseResumeStatement) },
      { ALT: () => this.SUBRULE(this.setStatement) },
      { ALT: () => this.SUBRULE(this.unsetStatement) },
      { ALT: () => this.SUBRULE(this.alterStatement) },
      { ALT: () => this.SUBRULE(this.defineStatement) },
      { ALT: () => this.SUBRULE(this.undefineStatement) },
      { ALT: () => this.SUBRULE(this.createStatement) },
      { ALT: () => this.SUBRULE(this.insertStatement) },
      { ALT: () => this.SUBRULE(this.dropStatement) },
      { ALT: () => this.SUBRULE(this.explainStatement) },
      { ALT: () => this.SUBRULE(this.assertStatement) },
      { ALT: () => this.SUBRULE(this.runScriptStatement) },
    ]);
  });

  public listStatement = this.RULE('listStatement', () => {
    this.OR([{ ALT: () => this.CONSUME(Kw.LIST) }, { ALT: () => this.CONSUME(Kw.SHOW) }]);
    this.OR2([
      { ALT: () => this.CONSUME(Kw.PROPERTIES, { LABEL: 'target' }) },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(Kw.ALL));
          this.CONSUME(Kw.TOPICS, { LABEL: 'target' });
        },
      },
      { ALT: () => this.CONSUME(Kw.STREAMS, { LABEL: 'target' }) },
      { ALT: () => this.CONSUME(Kw.TABLES, { LABEL: 'target' }) },
      { ALT: () => this.CONSUME(Kw.QUERIES, { LABEL: 'target' }) },
      { ALT: () => this.CONSUME(Kw.FUNCTIONS, { LABEL: 'target' }) },
      { ALT: () => this.CONSUME(Kw.TYPES, { LABEL: 'target' }) },
      { ALT: () => this.CONSUME(Kw.VARIABLES, { LABEL: 'target' }) },
      {
        ALT: () => {
          this.OPTION3(() => this.SUBRULE(this.connectorType));
          this.CONSUME(Kw.CONNECTORS, { LABEL: 'target' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.CONNECTOR);
          this.CONSUME(Kw.PLUGINS, { LABEL: 'target' });
        },
      },
    ]);
    this.OPTION2(() => this.CONSUME(Kw.EXTENDED));
  });

  public describeStatement = this.RULE('describeStatement', () => {
    this.CONSUME(Kw.DESCRIBE);
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.isIdentifierToken(this.LA(2)),
          ALT: () => {
            this.CONSUME(Kw.FUNCTION);
            this.SUBRULE(this.identifier, { LABEL: 'functionName' });
          },
        },
        { ALT: () => this.CONSUME(Kw.STREAMS) },
        {
          ALT: () => {
            this.CONSUME(Kw.CONNECTOR);
            this.SUBRULE3(this.identifier, { LABEL: 'connectorName' });
          },
        },
        { ALT: () => this.SUBRULE2(this.identifier, { LABEL: 'sourceName' }) },
      ],
    });
    this.OPTION(() => this.CONSUME(Kw.EXTENDED));
  });

  public printStatement = this.RULE('printStatement', () => {
    this.CONSUME(Kw.PRINT);
    this.OR([{ ALT: () => this.SUBRULE(this.identifier) }, { ALT: () => this.CONSUME(T.StringLiteral) }]);
    this.OPTION(() => {
      this.CONSUME(Kw.FROM);
      this.CONSUME(Kw.BEGINNING);
    });
    this.OPTION2(() => {
      this.OR2([{ ALT: () => this.CONSUME(Kw.INTERVAL) }, { ALT: () => this.CONSUME(Kw.SAMPLE) }]);
      this.SUBRULE(this.signedNumber, { LABEL: 'interval' });
    });
    this.OPTION3(() => this.SUBRULE(this.limitClause));
  });

  public terminateStatement = this.RULE('terminateStatement', () => {
    this.CONSUME(Kw.TERMINATE);
    this.OR([{ ALT: () => this.CONSUME(Kw.ALL) }, { ALT: () => this.SUBRULE(this.identifier) }]);
  });

  /** `PAUSE id | ALL` and `RESUME id | ALL`. */
  public pauseResumeStatement = this.RULE('pauseResumeStatement', () => {
    this.OR([{ ALT: () => this.CONSUME(Kw.PAUSE) }, { ALT: () => this.CONSUME(Kw.RESUME) }]);
    this.OR2([{ ALT: () => this.CONSUME(Kw.ALL) }, { ALT: () => this.SUBRULE(this.identifier) }]);
  });

  /** A property name or value: `'text'` or `${var}`. */
  public stringOrVariable = this.RULE('stringOrVariable', () => {
    this.OR([{ ALT: () => this.CONSUME(T.StringLiteral) }, { ALT: () => this.CONSUME(T.Variable) }]);
  });

  public setStatement = this.RULE('setStatement', () => {
    this.CONSUME(Kw.SET);
    this.SUBRULE(this.stringOrVariable, { LABEL: 'name' });
    this.CONSUME(T.Equals);
    this.SUBRULE2(this.stringOrVariable, { LABEL: 'value' });
  });

  public unsetStatement = this.RULE('unsetStatement', () => {
    this.CONSUME(Kw.UNSET);
    this.SUBRULE(this.stringOrVariable, { LABEL: 'name' });
  });

  public alterStatement = this.RULE('alterStatement', () => {
    this.CONSUME(Kw.ALTER);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Kw.SYSTEM);
          this.CONSUME(T.StringLiteral, { LABEL: 'name' });
          this.CONSUME(T.Equals);
          this.CONSUME2(T.StringLiteral, { LABEL: 'value' });
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.sourceKind);
          this.SUBRULE(this.identifier, { LABEL: 'sourceName' });
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.alterOption) });
        },
      },
    ]);
  });

  public alterOption = this.RULE('alterOption', () => {
    this.CONSUME(Kw.ADD);
    this.OPTION(() => this.CONSUME(Kw.COLUMN));
    this.SUBRULE(this.identifier);
    this.SUBRULE(this.type);
  });

  public sourceKind = this.RULE('sourceKind', () => {
    this.OR([{ ALT: () => this.CONSUME(Kw.STREAM) }, { ALT: () => this.CONSUME(Kw.TABLE) }]);
  });

  /** A variable name may be any word, even a reserved keyword. */
  public variableName = this.RULE('variableName', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [{ ALT: () => this.SUBRULE(this.identifier) }, { ALT: () => this.CONSUME(T.AnyKeyword) }],
    });
  });

  public defineStatement = this.RULE('defineStatement', () => {
    this.CONSUME(Kw.DEFINE);
    this.SUBRULE(this.variableName);
    this.CONSUME(T.Equals);
    this.CONSUME(T.StringLiteral);
  });

  public undefineStatement = this.RULE('undefineStatement', () => {
    this.CONSUME(Kw.UNDEFINE);
    this.SUBRULE(this.variableName);
  });

  /** `CREATE TYPE ...` and every `CREATE [OR REPLACE] [SOURCE] STREAM|TABLE ...` form. */
  public createStatement = this.RULE('createStatement', () => {
    this.CONSUME(Kw.CREATE);
    this.OPTION(() => {
      this.CONSUME(Kw.OR);
      this.CONSUME(Kw.REPLACE);
    });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Kw.TYPE);
          this.OPTION2(() => this.SUBRULE(this.ifNotExists));
          this.SUBRULE(this.identifier, { LABEL: 'typeName' });
          this.CONSUME(Kw.AS);
          this.SUBRULE(this.type);
        },
      },
      {
        GATE: () => this.LA(2).tokenType === Kw.CONNECTOR,
        ALT: () => {
          this.SUBRULE(this.connectorType);
          this.CONSUME(Kw.CONNECTOR);
          this.OPTION8(() => this.SUBRULE3(this.ifNotExists));
          this.SUBRULE3(this.identifier, { LABEL: 'connectorName' });
          this.SUBRULE2(this.withProperties, { LABEL: 'connectorProperties' });
        },
      },
      {
        ALT: () => {
          this.OPTION3(() => this.CONSUME(Kw.SOURCE));
          this.SUBRULE(this.sourceKind);
          this.OPTION4(() => this.SUBRULE2(this.ifNotExists));
          this.SUBRULE2(this.identifier, { LABEL: 'sourceName' });
          this.OPTION5(() => this.SUBRULE(this.tableElements));
          this.OPTION6(() => this.SUBRULE(this.withProperties));
          this.OPTION7(() => {
            this.CONSUME2(Kw.AS);
            this.SUBRULE(this.query);
          });
        },
      },
    ]);
  });

  public connectorType = this.RULE('connectorType', () => {
    this.OR([{ ALT: () => this.CONSUME(Kw.SOURCE) }, { ALT: () => this.CONSUME(Kw.SINK) }]);
  });

  public ifNotExists = this.RULE('ifNotExists', () => {
    this.CONSUME(Kw.IF);
    this.CONSUME(Kw.NOT);
    this.CONSUME(Kw.EXISTS);
  });

  public ifExists = this.RULE('ifExists', () => {
    this.CONSUME(Kw.IF);
    this.CONSUME(Kw.EXISTS);
  });

  public tableElements = this.RULE('tableElements', () => {
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.tableElement) });
    this.CONSUME(T.RParen);
  });

  public tableElement = this.RULE('tableElement', () => {
    this.SUBRULE(this.identifier);
    this.SUBRULE(this.type);
    this.OPTION(() => this.SUBRULE(this.columnConstraint));
  });

  public columnConstraint = this.RULE('columnConstraint', () => {
    this.OR([
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(Kw.PRIMARY));
          this.CONSUME(Kw.KEY);
        },
      },
      { ALT: () => this.CONSUME(Kw.HEADERS) },
      {
        ALT: () => {
          this.CONSUME(Kw.HEADER);
          this.CONSUME(T.LParen);
          this.CONSUME(T.StringLiteral);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  public withProperties = this.RULE('withProperties', () => {
    this.CONSUME(Kw.WITH);
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.property) });
    this.CONSUME(T.RParen);
  });

  public property = this.RULE('property', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.identifier) }, { ALT: () => this.CONSUME(T.StringLiteral) }]);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.literal);
  });

  public insertStatement = this.RULE('insertStatement', () => {
    this.CONSUME(Kw.INSERT);
    this.CONSUME(Kw.INTO);
    this.SUBRULE(this.identifier, { LABEL: 'target' });
    this.OR([
      {
        ALT: () => {
          this.OPTION(() => this.SUBRULE(this.withProperties));
          this.SUBRULE(this.query);
        },
      },
      {
        ALT: () => {
          this.OPTION2(() => this.SUBRULE(this.columnList));
          this.CONSUME(Kw.VALUES);
          this.SUBRULE(this.valueList);
        },
      },
    ]);
  });

  public columnList = this.RULE('columnList', () => {
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.identifier) });
    this.CONSUME(T.RParen);
  });

  public valueList = this.RULE('valueList', () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.valueExpression) });
    this.CONSUME(T.RParen);
  });

  public dropStatement = this.RULE('dropStatement', () => {
    this.CONSUME(Kw.DROP);
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.sourceKind);
          this.OPTION(() => this.SUBRULE(this.ifExists));
          this.SUBRULE(this.identifier, { LABEL: 'sourceName' });
          this.OPTION2(() => {
            this.CONSUME(Kw.DELETE);
            this.CONSUME(Kw.TOPIC);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.TYPE);
          this.OPTION3(() => this.SUBRULE2(this.ifExists));
          this.SUBRULE2(this.identifier, { LABEL: 'typeName' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.CONNECTOR);
          this.OPTION4(() => this.SUBRULE3(this.ifExists));
          this.SUBRULE3(this.identifier, { LABEL: 'connectorName' });
        },
      },
    ]);
  });

  public explainStatement = this.RULE('explainStatement', () => {
    this.CONSUME(Kw.EXPLAIN);
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.statement) },
        { ALT: () => this.SUBRULE(this.identifier, { LABEL: 'queryId' }) },
      ],
    });
  });

  public assertStatement = this.RULE('assertStatement', () => {
    this.CONSUME(Kw.ASSERT);
    this.OPTION(() => {
      this.CONSUME(Kw.NOT);
      this.CONSUME(Kw.EXISTS);
    });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Kw.TOPIC);
          this.SUBRULE(this.resourceName, { LABEL: 'topic' });
          this.OPTION2(() => this.SUBRULE(this.withProperties));
          this.OPTION3(() => this.SUBRULE(this.timeout));
        },
      },
      {
        ALT: () => {
          this.CONSUME(Kw.SCHEMA);
          this.OPTION4(() => {
            this.CONSUME(Kw.SUBJECT);
            this.SUBRULE2(this.resourceName, { LABEL: 'subject' });
          });
          this.OPTION5(() => {
            this.CONSUME(Kw.ID);
            this.SUBRULE(this.literal, { LABEL: 'id' });
          });
          this.OPTION6(() => this.SUBRULE2(this.timeout));
        },
      },
    ]);
  });

  public resourceName = this.RULE('resourceName', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.identifier) }, { ALT: () => this.CONSUME(T.StringLiteral) }]);
  });

  public timeout = this.RULE('timeout', () => {
    this.CONSUME(Kw.TIMEOUT);
    this.SUBRULE(this.duration);
  });

  public runScriptStatement = this.RULE('runScriptStatement', () => {
    this.CONSUME(Kw.RUN);
    this.CONSUME(Kw.SCRIPT);
    this.CONSUME(T.StringLiteral);
  });
}
