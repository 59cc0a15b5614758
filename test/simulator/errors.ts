// Workfront's error envelope and the error classes the simulator answers with. Statuses and classes that
// Workfront does not document are choices, listed here in one place.

import type { JsonObject } from './model';

export const ERROR_CLASS = {
  auth: 'com.attask.common.AuthenticationException',
  notFound: 'com.attask.common.NotFoundException',
  invalidParameter: 'com.attask.common.InvalidParameterException',
  validation: 'com.attask.common.ValidationException',
  security: 'com.attask.common.SecurityException',
  illegalArgument: 'java.lang.IllegalArgumentException',
  uri: 'com.attask.common.InvalidParameterException',
  tooManyRequests: 'com.attask.common.TooManyRequestsException',
  internal: 'com.attask.common.InternalException',
} as const;

export const NOT_LOGGED_IN = 'You are not currently logged in';

/** Thrown by handlers; the server turns it into an error envelope with this status. */
export class SimError extends Error {
  constructor(
    readonly status: number,
    readonly errorClass: string,
    message: string,
  ) {
    super(message);
  }
}

export function errorEnvelope(errorClass: string, message: string): JsonObject {
  return {
    error: { class: errorClass, message, title: null, msgKey: 'exception.attask', attributes: [''], code: 0 },
  };
}

export function invalidParameter(message: string): SimError {
  return new SimError(422, ERROR_CLASS.invalidParameter, message);
}

export function badUri(message: string): SimError {
  return new SimError(422, ERROR_CLASS.uri, message);
}

export function notFound(objCode: string, id: string): SimError {
  return new SimError(404, ERROR_CLASS.notFound, `Could not find ${objCode} with ID ${id}`);
}
