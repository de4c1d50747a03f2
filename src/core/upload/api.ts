import type { Auth } from "./auth";
import { expectJson, HttpError, type Http, type HttpRequest } from "./http";
import { backoffMs, sleep } from "./retry";

export interface Hosts {
  /** e.g. https://api.pennsieve.io */
  api: string;
  /** e.g. https://api2.pennsieve.io */
  api2: string;
  /** Cognito endpoint; default: AWS's, from the region in Pennsieve's Cognito settings. */
  cognito?: string;
}

export const DEFAULT_HOSTS: Hosts = { api: "https://api.pennsieve.io", api2: "https://api2.pennsieve.io" };

/**
 * Authenticated JSON calls: Bearer token, one refresh and repeat on 401/403
 * (the token expired), and a few retries with backoff on 5xx and dropped
 * connections. 4xx other than those fail at once.
 */
export class PennsieveApi {
  constructor(
    readonly http: Http,
    readonly hosts: Hosts,
    private readonly auth: Auth,
    private readonly options: { retries?: number; baseDelayMs?: number; signal?: AbortSignal } = {},
  ) {}

  async call<T>(what: string, request: Omit<HttpRequest, "headers">): Promise<T> {
    const tries = this.options.retries ?? 3;
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      try {
        const headers: Record<string, string> = { Authorization: `Bearer ${await this.auth.token()}` };
        if (request.body !== undefined) headers["Content-Type"] = "application/json";
        const response = await this.http({ ...request, headers }, this.options.signal);
        if ((response.status === 401 || response.status === 403) && !refreshed) {
          refreshed = true;
          await this.auth.refresh();
          attempt--;
          continue;
        }
        return await expectJson<T>(response, what);
      } catch (e) {
        if (this.options.signal?.aborted) throw e;
        const transient = !(e instanceof HttpError) || e.status >= 500 || e.status === 429;
        if (!transient || attempt + 1 >= tries) throw e;
      }
      await sleep(backoffMs(attempt, this.options.baseDelayMs ?? 500), this.options.signal);
    }
  }

  get<T>(what: string, url: string): Promise<T> {
    return this.call<T>(what, { method: "GET", url });
  }

  send<T>(what: string, method: "POST" | "PUT" | "PATCH", url: string, body: unknown): Promise<T> {
    return this.call<T>(what, { method, url, body: JSON.stringify(body) });
  }
}
