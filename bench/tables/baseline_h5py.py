"""The tables benchmark's baseline: what a Python user does with h5py on a NeuroConv units table.

Reads the metric columns whole, keeps the units that pass the two filters, then reads `spike_times` of each
surviving unit through `spike_times_index`, unit by unit (as pynwb's `units["spike_times"][i]` does).
With HDF5's default chunk cache (1 MiB) a 10 MB chunk never stays cached, so every unit's slice inflates a
whole chunk again; hdmf opens files with a 32 MiB cache, which holds the chunk the next units share.

usage: baseline_h5py.py MODE CACHE_MB COLUMN,COLUMN,... FILE...
  MODE: "metrics" reads the columns only; "export" also reads spike_times of the units that pass.
  CACHE_MB: 0 for HDF5's default chunk cache, else the cache size in MiB (rdcc_nbytes).
Prints one JSON object: seconds of each phase (summed over the files), units kept, spike times read, a checksum.
"""

import json
import sys
import time

t_start = time.perf_counter()
import h5py  # noqa: E402  (the imports count: the CLI's start-up counts too)
import numpy as np  # noqa: E402

mode, cache_mb, columns, paths = sys.argv[1], float(sys.argv[2]), sys.argv[3].split(","), sys.argv[4:]
t_import = time.perf_counter()
kwargs = {"rdcc_nbytes": int(cache_mb * 2**20)} if cache_mb > 0 else {}
metrics_s = spikes_s = 0.0
kept = spikes = 0
checksum = 0.0
for path in paths:
    with h5py.File(path, "r", **kwargs) as f:
        units = f["units"]
        t0 = time.perf_counter()
        metrics = {c: units[c][:] for c in columns}
        keep = np.flatnonzero((metrics["presence_ratio"] > 0.5) & (metrics["isi_violations_ratio"] < 0.2))
        kept += int(keep.size)
        t1 = time.perf_counter()
        metrics_s += t1 - t0
        if mode != "export":
            continue
        index = units["spike_times_index"][:]
        times = units["spike_times"]
        for i in keep:
            start = int(index[i - 1]) if i > 0 else 0
            trains = times[start : int(index[i])]
            spikes += trains.size
            checksum += float(trains.sum())
        spikes_s += time.perf_counter() - t1

print(
    json.dumps(
        {
            "import_s": t_import - t_start,
            "metrics_s": metrics_s,
            "spike_times_s": spikes_s,
            "units": kept,
            "spikes": spikes,
            "checksum": checksum,
            "h5py": h5py.version.version,
            "hdf5": h5py.version.hdf5_version,
        }
    )
)
