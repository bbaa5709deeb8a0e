/**
 * Error codes of the API. The server throws them with an HTTP status; the web maps each to a
 * zh-CN / en message. Codes are stable: clients and tests depend on them.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  AUTH_INVALID: 401,
  AUTH_REQUIRED: 401,
  AUTH_TOKEN_INVALID: 401,
  AUTH_TOKEN_EXPIRED: 401,
  AUTH_REFRESH_INVALID: 401,
  AUTH_USER_DISABLED: 401,
  AUTH_PASSWORD_CHANGE_REQUIRED: 403,
  AUTH_PASSWORD_WEAK: 400,
  AUTH_PASSWORD_MISMATCH: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  AUTH_LOCKED: 423,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  TENANT_CODE_TAKEN: 409,
  USERNAME_TAKEN: 409,
  USER_SCOPE_INVALID: 400,
  USER_SELF_DISABLE: 409,
  REGION_IMPORT_INVALID: 400,
  REGION_CODE_INVALID: 400,
  FACILITY_INVALID: 400,
  ELDER_INVALID: 400,
  ELDER_ID_NUMBER_INVALID: 400,
  ELDER_DUPLICATE: 409,
  ROSTER_IMPORT_INVALID: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  SUBSIDY_RULE_INVALID: 400,
  MEAL_ID_CONFLICT: 409,
  MEAL_ELDER_NOT_FOUND: 404,
  MEAL_ELDER_INACTIVE: 409,
  MEAL_ELDER_DECEASED: 409,
  MEAL_FACILITY_NOT_FOUND: 404,
  MEAL_FACILITY_CLOSED: 409,
  MEAL_SLOT_NOT_SERVED: 409,
  MEAL_MODE_NOT_SERVED: 409,
  MEAL_DATE_IN_FUTURE: 400,
  MEAL_DATE_TOO_OLD: 400,
  MEAL_ALREADY_SUBSIDISED: 409,
  MEAL_DELEGATE_UNKNOWN: 400,
  MEAL_LOCKED: 409,
  MEAL_ALREADY_VOIDED: 409,
  SETTLEMENT_MONTH_OPEN: 409,
  SETTLEMENT_STATE: 409,
  KITCHEN_ORDER_CLOSED: 409,
  KITCHEN_ORDER_NO_KITCHEN: 400,
  INTERNAL_ERROR: 500,
  DATABASE_UNAVAILABLE: 503,
} as const satisfies Record<string, number>

export type ErrorCode = keyof typeof ERROR_CODES

/** One problem inside a request, e.g. a field or a line of an imported file. */
export interface ErrorDetail {
  /** JSON path of the field (`/body/username`) or the column name of an import. */
  path?: string
  /** 1-based line or row number in an imported file. */
  line?: number
  message: string
}

/** The body of every error response. */
export interface ErrorBody {
  statusCode: number
  code: ErrorCode
  message: string
  details?: ErrorDetail[]
}
