// Domain errors: every expected failure is one of these, each mapped to one stable
// `extensions.code` (DESIGN.md "Errors"). Anything else is masked before it reaches a client.
export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'EXPIRED';

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  /** Extra, client-safe details (e.g. the offending field). */
  readonly details: Record<string, unknown>;
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'authentication required: send a valid bearer token') {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(entity: string, id: string | number) {
    super(`${entity} ${id} not found`, { entity, id });
  }
}

export class BadInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`, { field });
  }
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
}

export class ExpiredError extends DomainError {
  readonly code = 'EXPIRED';
}
