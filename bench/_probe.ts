import h5wasm from "h5wasm/node";
await h5wasm.ready;
const f = new h5wasm.File("/work/shared/fixtures/perf/template384.nwb", "r");
console.log("libver", f.libver);
const walk = (g: any, p: string) => {
  for (const k of g.keys()) {
    const e = g.get(k);
    const path = p + "/" + k;
    if (e instanceof h5wasm.Dataset) {
      const m = e.metadata;
      const v = e.value;
      const sv = Array.isArray(v) ? `[${v.length}] ${String(v[0]).slice(0,40)} (${v[0]?.constructor?.name})` : ArrayBuffer.isView(v) ? `${v.constructor.name}(${(v as any).length})` : String(v).slice(0,40);
      console.log("D", path, JSON.stringify(e.dtype), m.shape, m.chunks, "vlen", m.vlen, "type", m.type, "cset", m.cset, sv);
    } else if (e instanceof h5wasm.Group) { console.log("G", path); walk(e, path); }
    for (const [an, a] of Object.entries(e!.attrs as any)) {
      const av: any = (a as any).value;
      console.log("   @", an, JSON.stringify((a as any).dtype), (a as any).shape, av?.constructor?.name, String(av).slice(0,40));
    }
  }
};
walk(f, "");
for (const [an, a] of Object.entries(f.attrs)) console.log("  root@", an, JSON.stringify(a.dtype), a.shape, (a.value as any)?.constructor?.name);
f.close();
