/**
 * The HTTP calls of an upload, behind one small function type so the page and
 * the CLI share the flow (both have `fetch`) and tests can watch every call.
 */
export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export interface HttpResponse {
  status: number;
  text(): Promise<string>;
}

export type Http = (request: HttpRequest, signal?: AbortSignal) => Promise<HttpResponse>;

export const fetchHttp: Http = async (request, signal) => {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body as BodyInit | undefined,
    signal,
  });
  return { status: response.status, text: () => response.text() };
};

/** A non-2xx answer, with what the server said (never the request's credentials). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly what: string,
    detail: string,
  ) {
    super(`${what} failed: HTTP ${status}${detail ? ` (${detail.slice(0, 200)})` : ""}`);
    this.name = "HttpError";
  }
}

export async function expectJson<T>(response: HttpResponse, what: string): Promise<T> {
  const text = await response.text();
  if (response.status < 200 || response.status >= 300) throw new HttpError(response.status, what, text);
  try {
    return (text ? JSON.parse(text) : {}) as T;
  } catch {
    throw new HttpError(response.status, what, "the answer is not JSON");
  }
}
