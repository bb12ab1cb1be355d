/** Config keys shared by the Postgres sink and source (Confluent JDBC connector names). */
import type { ConfigKey } from '../../api/types.js';
import { atLeast, nonEmptyString } from '../../api/config-validators.js';

export const CONNECTION_URL_CONFIG = 'connection.url';
export const CONNECTION_USER_CONFIG = 'connection.user';
export const CONNECTION_PASSWORD_CONFIG = 'connection.password';
export const CONNECTION_ATTEMPTS_CONFIG = 'connection.attempts';
export const CONNECTION_BACKOFF_MS_CONFIG = 'connection.backoff.ms';

export const CONNECTION_KEYS: ConfigKey[] = [
  {
    name: CONNECTION_URL_CONFIG,
    type: 'string',
    importance: 'high',
    validator: nonEmptyString,
    documentation: 'postgres://host:port/database (also postgresql:// and jdbc:postgresql://); user and password may be in the URL',
  },
  { name: CONNECTION_USER_CONFIG, type: 'string', default: null, importance: 'high', documentation: 'Database user (overrides the URL)' },
  { name: CONNECTION_PASSWORD_CONFIG, type: 'password', default: null, importance: 'high', documentation: 'Database password (overrides the URL)' },
  {
    name: CONNECTION_ATTEMPTS_CONFIG,
    type: 'int',
    default: 3,
    importance: 'low',
    validator: atLeast(1),
    documentation: 'Attempts to connect before failing (a PGlite socket server admits one connection at a time)',
  },
  { name: CONNECTION_BACKOFF_MS_CONFIG, type: 'long', default: 10000, importance: 'low', validator: atLeast(0), documentation: 'Wait between connection attempts (ms)' },
];
