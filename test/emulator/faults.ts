import { seededRandom } from "../seeded-random";
// Run-time fault plan shared by the API server and the S3 front. Random decisions come from a seeded
// PRNG so a test that sets `seed` sees the same failures on every run (for a given request order).

export type PutFailureMode = "500" | "503" | "drop";

/** Fail the next `count` requests matching `route` with `status`. `route` is "[METHOD ]/path/glob",
 *  `*` matching any characters (slashes too), anchored on the whole path, e.g. "POST /api2/import*". */
export interface FailRule {
  route: string;
  status: number;
  count: number;
}

export interface FaultSettings {
  /** Fraction (0–1) of PUTs to S3 that fail transiently, after a valid signature, before storing. */
  putFailureRate: number;
  /** How a failing PUT fails; one is picked at random per failure. */
  putFailureModes: PutFailureMode[];
  failNextRequests: FailRule[];
  /** The next N API requests (not /admin, not preflights) get their socket destroyed unanswered. */
  dropConnections: number;
  /** Delay before every API and S3 response (not /admin). */
  latencyMs: number;
  seed: number | null;
}

export type FaultPatch = Partial<Omit<FaultSettings, "failNextRequests">> & {
  failNextRequests?: FailRule | FailRule[];
  expireTokensNow?: boolean;
  reset?: boolean;
};

function ruleMatches(rule: FailRule, method: string, path: string): boolean {
  const m = /^([A-Z]+)\s+(.*)$/.exec(rule.route.trim());
  if (m && m[1] !== method) return false;
  const glob = (m ? m[2] : rule.route.trim()) as string;
  const re = new RegExp(
    `^${glob
      .split("*")
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return re.test(path);
}

export class Faults implements FaultSettings {
  putFailureRate = 0;
  putFailureModes: PutFailureMode[] = ["500", "503", "drop"];
  failNextRequests: FailRule[] = [];
  dropConnections = 0;
  latencyMs = 0;
  private seedValue: number | null = null;
  private rng: () => number = Math.random;

  constructor(
    private readonly onExpireTokens: () => void,
    seed?: number,
  ) {
    if (seed !== undefined) this.seed = seed;
  }

  get seed(): number | null {
    return this.seedValue;
  }

  /** Setting the seed (again) restarts the random sequence; null goes back to Math.random. */
  set seed(value: number | null) {
    this.seedValue = value;
    this.rng = value === null ? Math.random : seededRandom(value);
  }

  /** Every access token issued so far counts as expired; tokens from later refreshes are fine. */
  expireTokensNow(): void {
    this.onExpireTokens();
  }

  failNext(rule: FailRule | FailRule[]): void {
    this.failNextRequests.push(...(Array.isArray(rule) ? rule : [rule]).map((r) => ({ ...r })));
  }

  reset(): void {
    Object.assign(this, { putFailureRate: 0, failNextRequests: [], dropConnections: 0, latencyMs: 0 });
    this.putFailureModes = ["500", "503", "drop"];
  }

  /** Applies a JSON patch (the admin route's body); throws on values that make no sense. */
  apply(patch: FaultPatch): void {
    if (patch.reset) this.reset();
    const rate = patch.putFailureRate;
    if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new Error("putFailureRate must be within 0..1");
    if (patch.putFailureModes?.some((m) => !["500", "503", "drop"].includes(m))) throw new Error("bad putFailureModes");
    for (const r of [patch.failNextRequests ?? []].flat())
      if (typeof r.route !== "string" || !(r.status >= 100 && r.status <= 599) || !(r.count >= 1))
        throw new Error("failNextRequests entries need route, status (100–599) and count >= 1");
    if (rate !== undefined) this.putFailureRate = rate;
    if (patch.putFailureModes?.length) this.putFailureModes = [...patch.putFailureModes];
    if (patch.failNextRequests) this.failNext(patch.failNextRequests);
    if (patch.dropConnections !== undefined) this.dropConnections = Math.max(0, Math.floor(patch.dropConnections));
    if (patch.latencyMs !== undefined) this.latencyMs = Math.max(0, patch.latencyMs);
    if (patch.seed !== undefined) this.seed = patch.seed;
    if (patch.expireTokensNow) this.expireTokensNow();
  }

  snapshot(): FaultSettings {
    const { putFailureRate, putFailureModes, failNextRequests, dropConnections, latencyMs, seed } = this;
    return { putFailureRate, putFailureModes, failNextRequests, dropConnections, latencyMs, seed };
  }

  takeDrop(): boolean {
    if (this.dropConnections <= 0) return false;
    this.dropConnections--;
    return true;
  }

  takeFailure(method: string, path: string): FailRule | null {
    const rule = this.failNextRequests.find((r) => r.count > 0 && ruleMatches(r, method, path));
    if (!rule) return null;
    rule.count--;
    this.failNextRequests = this.failNextRequests.filter((r) => r.count > 0);
    return rule;
  }

  /** Decides one PUT's fate: null to let it through. */
  decidePut(): PutFailureMode | null {
    if (this.putFailureRate <= 0) return null;
    const fails = this.rng() < this.putFailureRate;
    const pick = this.rng();
    if (!fails || this.putFailureModes.length === 0) return null;
    return this.putFailureModes[Math.floor(pick * this.putFailureModes.length)] ?? null;
  }
}
