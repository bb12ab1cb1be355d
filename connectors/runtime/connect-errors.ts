/**
 * Errors the REST API turns into Kafka Connect's error responses: an HTTP status and
 * `{"error_code": <status>, "message": "..."}`. Messages follow Kafka's wording.
 */
import { FjordError, type FjordErrorCode } from '../../core/errors.js';

export class ConnectError extends FjordError {
  constructor(readonly httpStatus: number, code: FjordErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'ConnectError';
  }
}

export function connectorNotFound(name: string): ConnectError {
  return new ConnectError(404, 'INVALID_ARGUMENT', `Connector ${name} not found`);
}

export function taskNotFound(name: string, id: number | string): ConnectError {
  return new ConnectError(404, 'INVALID_ARGUMENT', `Task ${name}-${id} not found`);
}

export function connectorExists(name: string): ConnectError {
  return new ConnectError(409, 'INVALID_ARGUMENT', `Connector ${name} already exists`);
}

export function badRequest(message: string, cause?: unknown): ConnectError {
  return new ConnectError(400, 'INVALID_ARGUMENT', message, { cause });
}

export function notStopped(name: string): ConnectError {
  return badRequest(`Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`);
}
