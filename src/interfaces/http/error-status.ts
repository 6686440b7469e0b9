/** The one table from error code to HTTP status. Codes are public (DOMAIN.md, REST API). */
const STATUS_BY_CODE: Record<string, number> = {
  ILLEGAL_PARAMETER: 400,
  MALFORMED_JSON: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
};

export function statusForCode(code: string): number {
  return STATUS_BY_CODE[code] ?? 500;
}
