// The operator routes, with the token of this tab. Every answer that is not 2xx becomes an
// ApiError carrying the service's {"code","message"} (and "fields" for validation errors).
const TOKEN_KEY = "lottery.operatorToken";

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.code = body && body.code ? body.code : "HTTP_" + status;
    this.fields = body && Array.isArray(body.fields) ? body.fields : [];
  }
}

export const session = {
  // sessionStorage: the token lives as long as this tab, and never in another tab or on disk.
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  set token(value) { if (value) sessionStorage.setItem(TOKEN_KEY, value); else sessionStorage.removeItem(TOKEN_KEY); },
};

let onUnauthorized = () => {};
export function whenUnauthorized(handler) { onUnauthorized = handler; }

export async function api(method, path, body, token = session.token) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      cache: "no-store",
    });
  } catch (error) {
    throw new ApiError(0, { code: "NETWORK", message: `the service does not answer (${error.message})` });
  }
  const text = await response.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  if (!response.ok) {
    const error = new ApiError(response.status, json);
    if (response.status === 401 && token === session.token) onUnauthorized(error);
    throw error;
  }
  return json;
}

/** An error as one line for the page: code and message, 503s say what is away. */
export function describe(error) {
  return error instanceof ApiError ? `${error.code}: ${error.message}` : String(error && error.message ? error.message : error);
}
