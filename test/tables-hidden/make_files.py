#!/usr/bin/python3
"""Writes test/fixtures/tables-extra/nwb/*.nwb: DynamicTables laid out as hdmf (pynwb, NeuroConv) and MatNWB write
them, by hand with h5py (pynwb is not installed here; CI has no python: the files are committed).

    apt-get install -y python3-h5py && /usr/bin/python3 test/tables-hidden/make_files.py

The expected outputs in ../fixtures/tables-extra/expected were written by hand from the spec (nwb-tables.md), not
from this project's output.
"""
import os
import h5py
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "tables-extra", "nwb")
VSTR = h5py.string_dtype("utf-8")
REF = h5py.ref_dtype


def untimed_dcpl():
    """Dataset creation properties without modification times (h5py's high level has them off; HDF5's default has
    them on): the files come out byte for byte the same each run."""
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_obj_track_times(False)
    return dcpl


def nwb_file(name, libver="earliest"):
    f = h5py.File(os.path.join(OUT, name), "w", libver=libver)
    f.attrs["neurodata_type"] = "NWBFile"
    f.attrs["namespace"] = "core"
    f.attrs["nwb_version"] = "2.7.0"
    for g in ("acquisition", "analysis", "general", "intervals", "processing", "stimulus"):
        f.create_group(g)
    return f


def table(parent, name, colnames, rows, neurodata_type="DynamicTable", namespace="hdmf-common", id_dtype="<i8"):
    """A DynamicTable group as hdmf writes it: colnames a 1-D array of variable-length UTF-8 strings."""
    g = parent.create_group(name)
    g.attrs["neurodata_type"] = neurodata_type
    g.attrs["namespace"] = namespace
    g.attrs["description"] = f"table {name}"
    g.attrs.create("colnames", np.array(colnames, dtype=object), dtype=VSTR)
    ids = g.create_dataset("id", data=np.arange(rows, dtype=id_dtype))
    ids.attrs["neurodata_type"] = "ElementIdentifiers"
    ids.attrs["namespace"] = "hdmf-common"
    return g


def column(g, name, data, dtype=None, **kw):
    ds = g.create_dataset(name, data=data, dtype=dtype, **kw)
    ds.attrs["neurodata_type"] = "VectorData"
    ds.attrs["namespace"] = "hdmf-common"
    ds.attrs["description"] = f"column {name}"
    return ds


def index(g, name, target, ends, dtype="<u1"):
    ds = g.create_dataset(name, data=np.array(ends, dtype=dtype))
    ds.attrs["neurodata_type"] = "VectorIndex"
    ds.attrs["namespace"] = "hdmf-common"
    ds.attrs["target"] = target.ref
    return ds


def region(ds, target_table):
    ds.attrs["neurodata_type"] = "DynamicTableRegion"
    ds.attrs["table"] = target_table.ref


def hdmf_values():
    f = nwb_file("hdmf_values.nwb")
    ts = f["acquisition"].create_group("lick")
    ts.attrs["neurodata_type"] = "TimeSeries"
    ts_data = ts.create_dataset("data", data=np.arange(5, dtype="<f8"))
    f["acquisition"].create_group("run").attrs["neurodata_type"] = "TimeSeries"
    # A region target named oddly, under a path no shortcut knows.
    probes = table(f["general"], "probe_rows_zz", ["label"], 3)
    column(probes, "label", np.array(["p0", "p1", "p2"], dtype=object), dtype=VSTR)

    misc = f["processing"].create_group("misc")
    misc.attrs["neurodata_type"] = "ProcessingModule"
    cols = ["i64", "u64", "i8", "u8", "i16", "u32", "f32", "f64", "flag", "vstr", "fstr", "num_str", "mat", "x_index",
            "rag", "rag2d", "dbl", "where", "where_many", "ref", "tsr", "cmp"]
    t = table(misc, "values", cols, 4)
    column(t, "i64", np.array([-(2**63), 2**53, -(2**53 - 1), -7], dtype="<i8"))
    column(t, "u64", np.array([2**64 - 1, 2**53 - 1, 0, 2**53 + 1], dtype="<u8"))
    column(t, "i8", np.array([-128, 127, 0, -1], dtype="<i1"))
    column(t, "u8", np.array([0, 1, 255, 1], dtype="<u1"))  # a bool kept as uint8 is a number
    column(t, "i16", np.array([-32768, 32767, 0, 12], dtype="<i2"))
    column(t, "u32", np.array([4294967295, 0, 1, 2], dtype="<u4"))
    column(t, "f32", np.array([0.1, np.nan, np.inf, -1.5], dtype="<f4"))
    column(t, "f64", np.array([-np.inf, 2.5, np.nan, 1e-300], dtype="<f8"))
    column(t, "flag", np.array([True, False, True, False]))  # h5py: enum FALSE=0 TRUE=1
    column(t, "vstr", np.array(["café, \"quoted\"", "", "line1\nline2", "日本語"], dtype=object), dtype=VSTR)
    column(t, "fstr", np.array([b"ab", b"", b"abcdefgh", b"a b "], dtype="S8"))
    column(t, "num_str", np.array(["10", "9", "-1", "1e3"], dtype=object), dtype=VSTR)
    column(t, "mat", np.array([[[1, 2], [3, 4]], [[np.nan, np.inf], [-np.inf, 0]],
                               [[5, 6], [7, 8]], [[0.5, 0], [0, 0]]], dtype="<f8"))
    column(t, "x_index", np.array([3, 1, 4, 1], dtype="<i4"))  # named like an index, has no target
    rag = column(t, "rag", np.array([1.5, np.nan, np.inf, 2.0, -np.inf], dtype="<f8"))
    index(t, "rag_index", rag, [2, 2, 3, 5])
    rag2d = column(t, "rag2d", np.arange(12, dtype="<i2").reshape(3, 2, 2))
    index(t, "rag2d_index", rag2d, [1, 1, 3, 3])
    dbl = column(t, "dbl", np.array([1, 2, 3], dtype="<i4"))
    dbl_index = index(t, "dbl_index", dbl, [0, 2, 2, 3])
    index(t, "dbl_index_index", dbl_index, [1, 1, 3, 4])
    # A region column named "where" (a word of the condition syntax), pointing at the oddly named table.
    where = column(t, "where", np.array([2, 0, 1, 1], dtype="<i4"))
    region(where, probes)
    many = column(t, "where_many", np.array([0, 2, 1], dtype="<i8"))
    region(many, probes)
    index(t, "where_many_index", many, [2, 2, 3, 3])
    refs = np.empty(4, dtype=REF)
    refs[0] = ts.ref
    refs[1] = ts_data.ref
    refs[2] = misc.ref
    refs[3] = probes.ref
    column(t, "ref", refs, dtype=REF)
    tsr_type = np.dtype([("idx_start", "<i4"), ("count", "<i4"), ("timeseries", REF)])
    tsr = np.empty(4, dtype=tsr_type)
    tsr[0] = (0, 5, ts.ref)
    tsr[1] = (-1, -1, f["acquisition/run"].ref)
    tsr[2] = (2, 1, ts.ref)
    tsr[3] = (4, 0, ts.ref)
    d = column(t, "tsr", tsr)
    d.attrs["neurodata_type"] = "TimeSeriesReferenceVectorData"
    d.attrs["namespace"] = "core"
    cmp_type = np.dtype([("name", VSTR), ("weight", "<f4"), ("where", REF), ("ok", np.bool_)])
    cmp = np.empty(4, dtype=cmp_type)
    cmp[0] = ("a,b", 0.25, ts_data.ref, True)
    cmp[1] = ("", np.nan, probes.ref, False)
    cmp[2] = ("ü", 1.0, ts.ref, True)
    cmp[3] = ("x", -np.inf, misc.ref, False)
    column(t, "cmp", cmp)
    f.close()


def hdmf_shapes():
    f = nwb_file("hdmf_shapes.nwb")
    # Zero rows, with a ragged column (empty data and index) as pynwb writes an empty TimeIntervals.
    empty = table(f["intervals"], "trials", ["start_time", "stop_time", "tags"], 0, "TimeIntervals", "core")
    column(empty, "start_time", np.zeros(0, dtype="<f8"))
    column(empty, "stop_time", np.zeros(0, dtype="<f8"))
    tags = column(empty, "tags", np.zeros(0, dtype=object), dtype=VSTR)
    index(empty, "tags_index", tags, [], dtype="<i8")
    # Empty colnames, datasets beside id.
    bare = table(f["processing"].create_group("shapes"), "bare", [], 2)
    column(bare, "hidden", np.array([1, 2], dtype="<i8"))
    # Empty colnames as hdmf writes them: h5py makes an empty tuple an empty float64 array. And as a null dataspace.
    t = table(f["processing/shapes"], "bare_float", [], 1)
    t.attrs["colnames"] = ()
    t.create_dataset("x", data=np.arange(1))
    t = table(f["processing/shapes"], "bare_null", [], 1)
    t.attrs["colnames"] = h5py.Empty("f8")
    # A colnames entry without a dataset: left out with a warning.
    sh = f["processing/shapes"]
    gap = table(sh, "gap", ["a", "ghost", "b"], 2)
    column(gap, "a", np.array([1, 2], dtype="<i8"))
    column(gap, "b", np.array(["x", "y"], dtype=object), dtype=VSTR)
    # Nested: a table inside a table (an AlignedDynamicTable category).
    outer = table(sh, "outer", ["v"], 2, "AlignedDynamicTable")
    outer.attrs["categories"] = np.array(["inner"], dtype=object)
    column(outer, "v", np.array([10, 20], dtype="<i8"))
    inner = table(outer, "inner", ["w"], 2)
    column(inner, "w", np.array([0.5, 1.5], dtype="<f8"))
    # Listing order by bytes: digits < uppercase < '_' < lowercase; "order-x" (0x2D) before "order/" (0x2F).
    order = f["processing"].create_group("order")
    for n in ("alpha", "_under", "Zeta", "9nine", "Alpha2", "\U0001F600", "\uFF5E", "é"):
        table(order, n, [], 1)
    table(f["processing"].create_group("order-x"), "t", [], 1)
    # Not tables: colnames without id; id without colnames.
    no_id = sh.create_group("no_id")
    no_id.attrs.create("colnames", np.array(["a"], dtype=object), dtype=VSTR)
    no_id.create_dataset("a", data=np.arange(2))
    no_cols = sh.create_group("no_colnames")
    no_cols.create_dataset("id", data=np.arange(2))
    # A soft link to a table and an external link to one: listed at their own path only.
    sh["bare_link"] = h5py.SoftLink("/processing/shapes/bare")
    sh["elsewhere"] = h5py.ExternalLink("hdmf_values.nwb", "/processing/misc/values")
    sh["nowhere"] = h5py.ExternalLink("missing.nwb", "/units")
    sh["dangling"] = h5py.SoftLink("/processing/shapes/gone")
    f.close()


def broken():
    f = nwb_file("broken.nwb")
    t = table(f["processing"].create_group("bad"), "short_col", ["ok", "short"], 3)
    column(t, "ok", np.array([1, 2, 3], dtype="<i8"))
    column(t, "short", np.array([1.0, 2.0], dtype="<f8"))
    t2 = table(f["processing/bad"], "short_ragged", ["r"], 3)
    r = column(t2, "r", np.arange(4, dtype="<f8"))
    index(t2, "r_index", r, [1, 4])
    f.close()


def sessions():
    """Three sessions whose /units disagree: score int32 / float64 / absent; label and code strings."""
    specs = {
        "sess_x.nwb": dict(score=np.array([1, 2, 3], dtype="<i4"), label=["10", "9", "a,b"], code=[7, 8, 9]),
        "sess_y.nwb": dict(score=np.array([2.5, np.nan], dtype="<f8"), label=["b", ""], code=None),
        "sess_z.nwb": dict(score=None, label=["100", "Z"], code=[2**60, -3]),
        "sess_w.nwb": dict(score=np.array([True, False]), label=np.array([5, 10], dtype="<i4"), code=["8", "10"]),
    }
    for name, s in specs.items():
        f = nwb_file(name)
        n = len(s["label"])
        cols = [c for c in ("score", "label", "code") if s[c] is not None] + ["spike_times"]
        u = table(f, "units", cols, n, "Units", "core")
        if s["score"] is not None:
            column(u, "score", s["score"])
        if isinstance(s["label"], np.ndarray):  # sess_w: numbers where the others have strings, and the reverse
            column(u, "label", s["label"])
            column(u, "code", np.array(s["code"], dtype=object), dtype=VSTR)
        else:
            column(u, "label", np.array(s["label"], dtype=object), dtype=VSTR)
        if s["code"] is not None and not isinstance(s["label"], np.ndarray):
            column(u, "code", np.array(s["code"], dtype="<i8"))
        st = column(u, "spike_times", np.arange(n * 2, dtype="<f8") / 4)
        index(u, "spike_times_index", st, [2 * (i + 1) for i in range(n)])
        f.close()


def no_tables():
    f = nwb_file("no_tables.nwb")
    f["acquisition"].create_group("ts").create_dataset("data", data=np.arange(3))
    f.close()


def fixed_string_attr(obj, name, text):
    """A scalar fixed-length NUL-terminated string attribute exactly as long as its text (no room for the NUL), as
    MATLAB's H5A.write leaves one (MatNWB's attributes): written with the file type as memory type, so HDF5 does
    not convert (and cut) it."""
    b = text.encode("utf-8")
    tid = h5py.h5t.C_S1.copy()
    tid.set_size(len(b))
    tid.set_strpad(h5py.h5t.STR_NULLTERM)
    aid = h5py.h5a.create(obj.id, name.encode(), tid, h5py.h5s.create(h5py.h5s.SCALAR))
    aid.write(np.array(b, dtype=f"S{len(b)}"), mtype=tid)


def fixed_string_dataset(g, name, values, size, pad):
    """Fixed-length strings written with the file type as memory type (as MATLAB's H5D.write does): stored as is."""
    tid = h5py.h5t.C_S1.copy()
    tid.set_size(size)
    tid.set_strpad(pad)
    space = h5py.h5s.create_simple((len(values),))
    did = h5py.h5d.create(g.id, name.encode(), tid, space, dcpl=untimed_dcpl())
    did.write(h5py.h5s.ALL, h5py.h5s.ALL, np.array(values, dtype=f"S{size}"), mtype=tid)


def matnwb_style():
    """As MatNWB writes: fixed-length string attributes, colnames a fixed-length string array (one column: a
    scalar string), logicals as int8, ids int32, indexes uint64, cellstr data as variable-length ASCII."""
    f = nwb_file("matnwb_style.nwb")
    g = f["intervals"].create_group("trials")
    fixed_string_attr(g, "neurodata_type", "TimeIntervals")
    fixed_string_attr(g, "namespace", "core")
    fixed_string_attr(g, "description", "trials")
    g.attrs.create("colnames", np.array([b"start_time", b"stop_time", b"correct", b"stim", b"spikes", b"site", b"note"],
                                        dtype="S10"))
    g.create_dataset("id", data=np.array([0, 1, 2], dtype="<i4"))
    g.create_dataset("start_time", data=np.array([0.0, 1.0, 2.0]))
    g.create_dataset("stop_time", data=np.array([0.5, 1.5, 2.5]))
    g.create_dataset("correct", data=np.array([1, 0, 1], dtype="<i1"))
    g.create_dataset("stim", data=np.array(["left", "right", ""], dtype=object), dtype=h5py.string_dtype("ascii"))
    sp = g.create_dataset("spikes", data=np.array([0.1, 0.2, 0.3]))
    ix = g.create_dataset("spikes_index", data=np.array([1, 1, 3], dtype="<u8"))
    ix.attrs["target"] = sp.ref
    fixed_string_dataset(g, "site", [b"CA1", b"DG", b"CA3ab"], 5, h5py.h5t.STR_NULLTERM)  # the last has no NUL
    fixed_string_dataset(g, "note", [b"left  ", b"right ", b"      "], 6, h5py.h5t.STR_SPACEPAD)  # FORTRAN_S1
    e = f["intervals"].create_group("epochs")
    fixed_string_attr(e, "neurodata_type", "TimeIntervals")
    fixed_string_attr(e, "namespace", "core")
    fixed_string_attr(e, "colnames", "start_time")  # one column: a scalar string
    e.create_dataset("id", data=np.array([5, 6], dtype="<i4"))
    e.create_dataset("start_time", data=np.array([3.0, 4.0]))
    f.close()


def direct_layouts():
    """Ragged data in the layouts NeuroConv writes (chunked, gzip, shuffle) and others (fletcher32, big-endian,
    an unwritten chunk): each read straight from the chunks or through HDF5, the values must be the same."""
    f = nwb_file("layouts.nwb")
    cols = ["gz", "gz_f32", "gz_u64", "be", "f32_fletcher", "sparse", "gz_i8", "lzf", "scaled", "compact"]
    u = table(f, "units", cols, 3, "Units", "core")
    ends = [2, 2, 5]
    d = column(u, "gz", np.array([0.5, 1.5, 2.5, np.nan, 4.5]), chunks=(2,), compression="gzip", shuffle=True,
               maxshape=(None,))
    index(u, "gz_index", d, ends)
    d = column(u, "gz_f32", np.array([0.1, np.inf, -np.inf, 3.25, np.nan], dtype="<f4"), chunks=(3,),
               compression="gzip")
    index(u, "gz_f32_index", d, ends)
    d = column(u, "gz_u64", np.array([2**64 - 1, 2**53, 1, 2**53 - 1, 0], dtype="<u8"), chunks=(2,),
               compression="gzip", shuffle=True)
    index(u, "gz_u64_index", d, ends)
    d = column(u, "be", np.array([1.25, -2.0, 3e10, 4.0, 5.5], dtype=">f8"), chunks=(4,), compression="gzip")
    index(u, "be_index", d, ends)
    d = column(u, "f32_fletcher", np.array([1, 2, 3, 4, 5], dtype="<f4"), chunks=(2,), fletcher32=True)
    index(u, "f32_fletcher_index", d, ends)
    d = u.create_dataset("sparse", shape=(5,), dtype="<i4", chunks=(2,), fillvalue=-9)
    d[0:2] = [11, 12]  # chunks 1 and 2 never written: the fill value
    index(u, "sparse_index", d, ends)
    d = column(u, "gz_i8", np.array([-128, 127, -1, 0, 5], dtype="<i1"), chunks=(5,), compression="gzip")
    index(u, "gz_i8_index", d, ends)
    d = column(u, "lzf", np.array([0.5, 1, 2, 3, 4.25]), chunks=(2,), compression="lzf")  # h5py's own filter
    index(u, "lzf_index", d, ends)
    d = column(u, "scaled", np.array([100, 101, 102, 103, 104], dtype="<i4"), chunks=(5,), scaleoffset=0)
    index(u, "scaled_index", d, ends)
    dcpl = untimed_dcpl()
    dcpl.set_layout(h5py.h5d.COMPACT)  # the data inside the object header: no address to read from
    did = h5py.h5d.create(u.id, b"compact", h5py.h5t.IEEE_F64LE, h5py.h5s.create_simple((5,)), dcpl=dcpl)
    did.write(h5py.h5s.ALL, h5py.h5s.ALL, np.array([9.5, 8, 7, 6, 5.5]))
    index(u, "compact_index", u["compact"], ends)
    # Not here: variable-length strings under lzf. h5py stores no chunk size for them (cd_values empty) and the lzf
    # filter of h5wasm-plugins, unlike h5py's, does not grow its output buffer: HDF5 reports the chunk undecodable.
    f.close()


def hdmf_more():
    """Rarer layouts: ragged compounds, strings and references; variable-length sequences; compound members that
    are arrays; 2-D strings; null references; a non-boolean enum; a decreasing index (an error on read)."""
    f = nwb_file("hdmf_more.nwb")
    ts = f["acquisition"].create_group("lick")
    ts.attrs["neurodata_type"] = "TimeSeries"
    data = ts.create_dataset("data", data=np.arange(3.0))
    cols = ["rag_tsr", "rag_str", "rag_ref", "vl", "arr_cmp", "str2d", "ref_null", "enum3"]
    t = table(f["intervals"], "responses", cols, 3, "IntracellularResponsesTable", "core")
    tsr_type = np.dtype([("idx_start", "<i4"), ("count", "<i4"), ("timeseries", REF)])
    tsr = np.array([(0, 1, ts.ref), (1, 2, ts.ref), (-1, -1, ts.ref)], dtype=tsr_type)
    index(t, "rag_tsr_index", column(t, "rag_tsr", tsr), [1, 3, 3])
    s_ = column(t, "rag_str", np.array(["a", "", "β,γ", "d"], dtype=object), dtype=VSTR)
    index(t, "rag_str_index", s_, [0, 3, 4])
    refs = np.empty(3, dtype=REF)
    refs[0] = data.ref
    refs[1] = ts.ref
    refs[2] = h5py.Reference()  # a null reference
    index(t, "rag_ref_index", column(t, "rag_ref", refs, dtype=REF), [2, 2, 3])
    vl = np.empty(3, dtype=object)
    vl[0] = np.array([1.0, 2.0])
    vl[1] = np.array([], dtype="<f8")
    vl[2] = np.array([np.nan, -0.5])
    column(t, "vl", vl, dtype=h5py.vlen_dtype(np.dtype("<f8")))
    arr_type = np.dtype([("pos", "<f4", (3,)), ("code", "S4")])
    column(t, "arr_cmp", np.array([((1, 2, 0.5), b"ab"), ((0, 0, 0), b""), ((np.inf, -1, 2), b"wxyz")],
                                  dtype=arr_type))
    column(t, "str2d", np.array([["a", "b"], ["", "ü"], ["x,y", "z"]], dtype=object), dtype=VSTR)
    nulls = np.empty(3, dtype=REF)
    nulls[0] = h5py.Reference()
    nulls[1] = f["intervals"].ref
    nulls[2] = h5py.Reference()
    column(t, "ref_null", nulls, dtype=REF)
    enum3 = h5py.enum_dtype({"LOW": 0, "MID": 1, "HIGH": 2}, basetype="u1")
    column(t, "enum3", np.array([2, 0, 1], dtype="u1"), dtype=enum3)
    # Column names a JavaScript object treats specially, non-ASCII, with a space or a comma.
    names = ["größe_µm", "__proto__", "constructor", "toString", "a b", "x,y"]
    t = table(f["intervals"], "names", names, 2)
    for i, n in enumerate(names):
        column(t, n, np.array([i, 10 + i], dtype="<i2"))
    p = column(t, "proto_obj", np.array([(1, 2), (3, 4)], dtype=[("x", "<i1"), ("__proto__", "<i1")]))
    t.attrs.create("colnames", np.array(names + ["proto_obj"], dtype=object), dtype=VSTR)
    bad = table(f["intervals"], "bad_index", ["r"], 3)
    index(bad, "r_index", column(bad, "r", np.arange(4.0)), [2, 1, 4])
    f.close()
    g = nwb_file("hdmf_f16.nwb")  # float16: a type the spec's dtypes do not name; its values are numbers
    t = table(g["intervals"], "halves", ["h"], 4)
    column(t, "h", np.array([0.1, 65504, np.inf, np.nan], dtype="<f2"))
    g.close()


def neuroconv_style():
    """As NeuroConv writes through H5DataIO: every dataset chunked and gzip-compressed, maxshape unlimited, the last
    chunk partly filled; a long ragged column over many chunks (read chunk-grouped); big-endian data beside."""
    f = nwb_file("neuroconv_style.nwb")
    io = dict(compression="gzip", compression_opts=4, maxshape=(None,))
    n = 7
    cols = ["spike_times", "quality", "is_good", "electrodes", "depth_be", "code_be", "cmp_be", "counts"]
    u = f.create_group("units")
    u.attrs["neurodata_type"] = "Units"
    u.attrs["namespace"] = "core"
    u.attrs["description"] = "units"
    u.attrs.create("colnames", np.array(cols, dtype=object), dtype=VSTR)
    u.create_dataset("id", data=np.arange(n, dtype="<i8"), chunks=(3,), **io)
    ends = np.array([0, 1000, 1001, 2000, 2000, 2500, 3000], dtype="<u4")  # 3000 spike times; units 0 and 4 empty
    st = column(u, "spike_times", np.arange(3000, dtype="<f8") / 8, chunks=(256,), shuffle=True, **io)
    index(u, "spike_times_index", st, ends, dtype="<u4")
    column(u, "quality", np.array(["good", "mua", "noise", "good", "", "mua", "good"], dtype=object), dtype=VSTR,
           chunks=(2,), **io)
    column(u, "is_good", np.array([True, False, False, True, False, False, True]), chunks=(4,), **io)
    el = f["general"].create_group("extracellular_ephys")
    et = table(el, "electrodes", ["location"], 4)
    column(et, "location", np.array(["CA1", "CA1", "DG", "DG"], dtype=object), dtype=VSTR)
    e = column(u, "electrodes", np.array([0, 1, 2, 3, 0, 1, 2, 3, 3, 2], dtype="<i4"), chunks=(4,), **io)
    region(e, et)
    index(u, "electrodes_index", e, [1, 2, 4, 5, 6, 8, 10], dtype="<u1")
    column(u, "depth_be", np.array([10.5, -1, np.nan, 3e3, 0, np.inf, 7], dtype=">f8"))
    column(u, "code_be", np.array([-(2**62), 2**53 + 1, -1, 0, 1, 2, 3], dtype=">i8"), chunks=(3,), **io)
    cmp_type = np.dtype([("a", ">i4"), ("b", ">f4")])
    column(u, "cmp_be", np.array([(i - 3, i / 4) for i in range(n)], dtype=cmp_type))
    c = column(u, "counts", np.array([1, -2, 3, -4, 5, 2**40, -(2**40), 9], dtype=">i8"))  # contiguous, big-endian
    index(u, "counts_index", c, [0, 2, 3, 3, 5, 7, 8], dtype="<i8")
    f.close()


def latest_format():
    """The same ragged data in a file of the newest format (libver="latest"): chunk indexes of layout version 4 —
    single chunk, fixed array, extensible array, implicit — that a reader of the chunks themselves must walk. (Its
    groups carry creation times, which h5py's high level does not turn off: this file differs byte-wise each run.)"""
    f = nwb_file("latest_format.nwb", libver="latest")
    cols = ["single", "fixed", "extensible", "implicit", "ext_f32", "contiguous"]
    u = table(f, "units", cols, 3, "Units", "core")
    ends = [2, 2, 5]
    data = np.array([0.5, 1.5, 2.5, np.nan, 4.5])
    index(u, "single_index", column(u, "single", data, chunks=(5,), compression="gzip"), ends)
    index(u, "fixed_index", column(u, "fixed", data * 2, chunks=(2,), compression="gzip", shuffle=True), ends)
    index(u, "extensible_index",
          column(u, "extensible", data * 3, chunks=(2,), compression="gzip", maxshape=(None,)), ends)
    dcpl = untimed_dcpl()
    dcpl.set_chunk((2,))
    dcpl.set_alloc_time(h5py.h5d.ALLOC_TIME_EARLY)  # no filter, space allocated at once: the implicit index
    did = h5py.h5d.create(u.id, b"implicit", h5py.h5t.IEEE_F64LE, h5py.h5s.create_simple((5,)), dcpl=dcpl)
    did.write(h5py.h5s.ALL, h5py.h5s.ALL, data * 4)
    index(u, "implicit_index", u["implicit"], ends)
    index(u, "ext_f32_index", column(u, "ext_f32", np.arange(5, dtype="<f4") / 4, chunks=(3,), compression="gzip",
                                     maxshape=(None,)), ends)
    index(u, "contiguous_index", column(u, "contiguous", np.arange(5, dtype="<i8") - 2), ends)
    f.close()


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    hdmf_values()
    hdmf_shapes()
    hdmf_more()
    broken()
    sessions()
    no_tables()
    matnwb_style()
    direct_layouts()
    neuroconv_style()
    latest_format()
    for n in sorted(os.listdir(OUT)):
        print(n, os.path.getsize(os.path.join(OUT, n)))
