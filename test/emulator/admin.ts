// Unauthenticated admin routes for tests driving the emulator from another process (a browser
// test, a demo): read and change the fault plan and config, read the state. Never subject to faults.
import { HttpError, isObject, MIB, readJson } from "./http-util";
import type { FaultPatch } from "./faults";
import { route, type Route } from "./router";
import { stateSnapshot } from "./state";

export const adminRoutes: Route[] = [
  route("GET", "/admin/faults", false, (ctx) => ({ json: ctx.services.faults.snapshot() })),
  route("POST", "/admin/faults", false, async (ctx) => {
    const { value } = await readJson(ctx.req, MIB);
    if (!isObject(value)) throw new HttpError(400, "body must be a JSON object");
    try {
      ctx.services.faults.apply(value as FaultPatch);
    } catch (err) {
      throw new HttpError(400, (err as Error).message);
    }
    return { json: ctx.services.faults.snapshot() };
  }),
  route("POST", "/admin/config", false, async (ctx) => {
    const { value } = await readJson(ctx.req, MIB);
    if (!isObject(value)) throw new HttpError(400, "body must be a JSON object");
    const { config } = ctx.services.state;
    for (const k of ["legacyImportRoute", "manifestImportRoute"] as const)
      if (typeof value[k] === "boolean") config[k] = value[k];
    if (value.expiredTokenStatus === 401 || value.expiredTokenStatus === 403)
      config.expiredTokenStatus = value.expiredTokenStatus;
    return { json: config };
  }),
  route("GET", "/admin/state", false, (ctx) => ({ json: stateSnapshot(ctx.services.state) })),
];
