#!/usr/bin/python3
"""Writes test/fixtures/tables-extra/cases.json and expected/*.json: every value below was written by hand from the
spec (nwb-tables.md) and the data make_files.py stores, never copied from this project's output."""
import json
import os

DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "tables-extra")
NULL = None
cases = []
errors = []


def rows(nwb, table, keys, *values, index=None):
    out = []
    for i, v in enumerate(values):
        row = {"_nwb_path": nwb, "_table_path": table, "_table_index": index[i] if index else i}
        row.update(dict(zip(["id"] + keys, v)))
        out.append(row)
    return out


def case(name, files, expected, table=None, columns=None, where=None, list_=False, warnings=None, quiet=False):
    c = {"case": name, "files": files}
    if list_:
        c["list"] = True
    else:
        c["table"] = table
    if columns is not None:
        c["columns"] = columns
    if where is not None:
        c["where"] = where
    c["expected"] = f"{name}.json"
    if warnings:
        c["warnings"] = warnings  # substrings the engine's warnings must hold (the vitest test checks them)
    if quiet:
        c["quiet"] = True  # no warnings at all
    cases.append(c)
    with open(os.path.join(DIR, "expected", f"{name}.json"), "w") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)


def col(name, kind, dtype, shape=()):
    return {"name": name, "kind": kind, "dtype": dtype, "shape": list(shape)}


def tinfo(path, ntype, ns, nrows, *columns):
    return {"path": path, "neurodata_type": ntype, "namespace": ns, "rows": nrows, "columns": list(columns)}


ID = col("id", "scalar", "int64")
ID32 = col("id", "scalar", "int32")

# ---- hdmf_values.nwb: every value kind in /processing/misc/values (4 rows) ----
V = "hdmf_values.nwb"
VT = "processing/misc/values"
VK = ["i64", "u64", "i8", "u8", "i16", "u32", "f32", "f64", "flag", "vstr", "fstr", "num_str", "mat", "x_index",
      "rag", "rag2d", "dbl", "where", "where_many", "ref", "tsr", "cmp"]
VROWS = [
    [0, "-9223372036854775808", "18446744073709551615", -128, 0, -32768, 4294967295, 0.10000000149011612, NULL, True,
     'café, "quoted"', "ab", "10", [[1, 2], [3, 4]], 3, [1.5, NULL], [[[0, 1], [2, 3]]], [[]], 2, [0, 2],
     "/acquisition/lick", {"idx_start": 0, "count": 5, "timeseries": "/acquisition/lick"},
     {"name": "a,b", "weight": 0.25, "where": "/acquisition/lick/data", "ok": True}],
    [1, "9007199254740992", 9007199254740991, 127, 1, 32767, 0, NULL, 2.5, False,
     "", "", "9", [[NULL, NULL], [NULL, 0]], 1, [], [], [], 0, [],
     "/acquisition/lick/data", {"idx_start": -1, "count": -1, "timeseries": "/acquisition/run"},
     {"name": "", "weight": NULL, "where": "/general/probe_rows_zz", "ok": False}],
    [2, -9007199254740991, 0, 0, 255, 0, 1, NULL, NULL, True,
     "line1\nline2", "abcdefgh", "-1", [[5, 6], [7, 8]], 4, [NULL], [[[4, 5], [6, 7]], [[8, 9], [10, 11]]],
     [[1, 2], []], 1, [1],
     "/processing/misc", {"idx_start": 2, "count": 1, "timeseries": "/acquisition/lick"},
     {"name": "ü", "weight": 1, "where": "/acquisition/lick", "ok": True}],
    [3, -7, "9007199254740993", -1, 1, 12, 2, -1.5, 1e-300, False,
     "日本語", "a b ", "1e3", [[0.5, 0], [0, 0]], 1, [2, NULL], [], [[3]], 1, [],
     "/general/probe_rows_zz", {"idx_start": 4, "count": 0, "timeseries": "/acquisition/lick"},
     {"name": "x", "weight": NULL, "where": "/processing/misc", "ok": False}],
]


def values(which, keys):
    picked = []
    for r in which:
        full = dict(zip(["id"] + VK, VROWS[r]))
        picked.append([full["id"]] + [full[k] for k in keys])
    return rows(V, VT, keys, *picked, index=which)


case("list_hdmf_values", [V], list_=True, expected=[{"_nwb_path": V, "tables": [
    tinfo("/general/probe_rows_zz", "DynamicTable", "hdmf-common", 3, ID, col("label", "scalar", "string")),
    tinfo("/processing/misc/values", "DynamicTable", "hdmf-common", 4, ID,
          col("i64", "scalar", "int64"), col("u64", "scalar", "uint64"), col("i8", "scalar", "int8"),
          col("u8", "scalar", "uint8"), col("i16", "scalar", "int16"), col("u32", "scalar", "uint32"),
          col("f32", "scalar", "float32"), col("f64", "scalar", "float64"), col("flag", "scalar", "bool"),
          col("vstr", "scalar", "string"), col("fstr", "scalar", "string"), col("num_str", "scalar", "string"),
          col("mat", "array", "float64", (2, 2)), col("x_index", "scalar", "int32"),
          col("rag", "ragged", "float64"), col("rag2d", "ragged", "int16", (2, 2)), col("dbl", "ragged2", "int32"),
          col("where", "region", "int32"), col("where_many", "region", "int64"),
          col("ref", "reference", "reference"), col("tsr", "compound", "compound"),
          col("cmp", "compound", "compound")),
]}])
case("values_all", [V], values([0, 1, 2, 3], VK), table="/processing/misc/values")
case("values_no_slash", [V], values([0, 1, 2, 3], ["x_index", "i8"]), table="processing/misc/values",
     columns=["x_index", "i8"])
case("values_region_target", [V], rows(V, "general/probe_rows_zz", ["label"], [0, "p0"], [1, "p1"], [2, "p2"]),
     table="general/probe_rows_zz")
case("values_where_int64_big", [V], values([0], ["i64"]), table=VT, columns=["i64"],
     where=["i64 < -9007199254740992"])
case("values_where_uint64_big", [V], values([0, 3], ["u64"]), table=VT, columns=["u64"],
     where=["u64 > 9007199254740992"])
case("values_where_uint64_eq", [V], values([3], ["u64"]), table=VT, columns=["u64"],
     where=["u64 == 9007199254740993"])
case("values_where_numeric_strings", [V], values([0, 2, 3], ["num_str"]), table=VT, columns=["num_str"],
     where=["num_str < 2"])
case("values_where_in_numbers", [V], values([1, 2, 3], ["i8"]), table=VT, columns=["i8"], where=["i8 in 0,-1,127"])
case("values_where_in_strings", [V], values([0, 2], ["fstr"]), table=VT, columns=["fstr"],
     where=["fstr in ab,abcdefgh,zz"])
case("values_where_contains", [V], values([2], ["vstr"]), table=VT, columns=["vstr"], where=["vstr contains line"])
case("values_where_contains_utf8", [V], values([0], ["vstr"]), table=VT, columns=["vstr"], where=["vstr contains é"])
case("values_where_f32_null", [V], values([1, 2], ["f32"]), table=VT, columns=["f32"], where=["f32 == null"])
case("values_where_f32_not_null", [V], values([0, 3], ["f32"]), table=VT, columns=["f32"], where=["f32 != null"])
case("values_where_f32_widened", [V], [], table=VT, columns=["f32"], where=["f32 == 0.1"])
case("values_where_f32_exact", [V], values([0], ["f32"]), table=VT, columns=["f32"],
     where=["f32 >= 0.10000000149011612"])
case("values_where_f64_ne", [V], values([1, 3], ["f64"]), table=VT, columns=["f64"], where=["f64 != 7"])
case("values_where_bool", [V], values([0, 2], ["flag"]), table=VT, columns=["flag"], where=["flag == true"])
case("values_where_uint8", [V], values([1, 3], ["u8"]), table=VT, columns=["u8"], where=["u8 == 1"])
case("values_where_plain_x_index", [V], values([0, 2], ["x_index", "u32"]), table=VT, columns=["x_index", "u32"],
     where=["x_index >= 3", "u32 <= 4294967295"])
case("values_where_region", [V], values([2, 3], ["where", "ref"]), table=VT, columns=["where", "ref"],
     where=["where == 1"])
case("values_where_reference", [V], values([2], ["ref"]), table=VT, columns=["ref"],
     where=["ref == /processing/misc"])

# ---- hdmf_shapes.nwb ----
S = "hdmf_shapes.nwb"
DT = ("DynamicTable", "hdmf-common")
case("list_hdmf_shapes", [S], [{"_nwb_path": S, "tables": [
    tinfo("/intervals/trials", "TimeIntervals", "core", 0, ID, col("start_time", "scalar", "float64"),
          col("stop_time", "scalar", "float64"), col("tags", "ragged", "string")),
    tinfo("/processing/order-x/t", *DT, 1, ID),
    tinfo("/processing/order/9nine", *DT, 1, ID),
    tinfo("/processing/order/Alpha2", *DT, 1, ID),
    tinfo("/processing/order/Zeta", *DT, 1, ID),
    tinfo("/processing/order/_under", *DT, 1, ID),
    tinfo("/processing/order/alpha", *DT, 1, ID),
    tinfo("/processing/order/é", *DT, 1, ID),  # UTF-8 C3 A9
    tinfo("/processing/order/\uFF5E", *DT, 1, ID),  # EF BD 9E (UTF-16 would put it after the emoji: FF5E > D83D)
    tinfo("/processing/order/\U0001F600", *DT, 1, ID),  # F0 9F 98 80
    tinfo("/processing/shapes/bare", *DT, 2, ID),
    tinfo("/processing/shapes/bare_float", *DT, 1, ID),
    tinfo("/processing/shapes/bare_null", *DT, 1, ID),
    tinfo("/processing/shapes/gap", *DT, 2, ID, col("a", "scalar", "int64"), col("b", "scalar", "string")),
    tinfo("/processing/shapes/outer", "AlignedDynamicTable", "hdmf-common", 2, ID, col("v", "scalar", "int64")),
    tinfo("/processing/shapes/outer/inner", *DT, 2, ID, col("w", "scalar", "float64")),
]}], list_=True, warnings=['"ghost"'])
case("shapes_zero_rows", [S], [], table="trials")
case("shapes_zero_rows_where", [S], [], table="trials", where=["start_time > 0"])
case("shapes_empty_colnames", [S], rows(S, "processing/shapes/bare", [], [0], [1]), table="/processing/shapes/bare")
case("shapes_colnames_empty_float", [S], rows(S, "processing/shapes/bare_float", [], [0]),
     table="/processing/shapes/bare_float", quiet=True)
case("shapes_colnames_null_space", [S], rows(S, "processing/shapes/bare_null", [], [0]),
     table="/processing/shapes/bare_null", quiet=True)
case("shapes_missing_column", [S], rows(S, "processing/shapes/gap", ["a", "b"], [0, 1, "x"], [1, 2, "y"]),
     table="/processing/shapes/gap", warnings=['"ghost"'])
case("shapes_outer", [S], rows(S, "processing/shapes/outer", ["v"], [0, 10], [1, 20]), table="/processing/shapes/outer")
case("shapes_inner", [S], rows(S, "processing/shapes/outer/inner", ["w"], [0, 0.5], [1, 1.5]),
     table="processing/shapes/outer/inner/")

# ---- broken.nwb: listed (with warnings), not readable ----
B = "broken.nwb"
case("list_broken", [B], [{"_nwb_path": B, "tables": [
    tinfo("/processing/bad/short_col", *DT, 3, ID, col("ok", "scalar", "int64"), col("short", "scalar", "float64")),
    tinfo("/processing/bad/short_ragged", *DT, 3, ID, col("r", "ragged", "float64")),
]}], list_=True)

# ---- sessions whose /units disagree ----
X, Y, Z = "sess_x.nwb", "sess_y.nwb", "sess_z.nwb"
SK = ["score", "label", "code", "spike_times"]
ST = [[0, 0.25], [0.5, 0.75], [1, 1.25]]
SESS = {
    X: [[0, 1, "10", 7, ST[0]], [1, 2, "9", 8, ST[1]], [2, 3, "a,b", 9, ST[2]]],
    Y: [[0, 2.5, "b", NULL, ST[0]], [1, NULL, "", NULL, ST[1]]],
    Z: [[0, NULL, "100", "1152921504606846976", ST[0]], [1, NULL, "Z", -3, ST[1]]],
    "sess_w.nwb": [[0, True, 5, "8", ST[0]], [1, False, 10, "10", ST[1]]],
}
WF = "sess_w.nwb"


def sess(picks, keys=SK):
    out = []
    for name, idx in picks:
        for i in idx:
            full = dict(zip(["id"] + SK, SESS[name][i]))
            out += rows(name, "units", keys, [full["id"]] + [full.get(k) for k in keys], index=[i])
    return out


case("list_sessions_and_none", [X, "no_tables.nwb", Z], [
    {"_nwb_path": X, "tables": [tinfo("/units", "Units", "core", 3, ID, col("score", "scalar", "int32"),
                                      col("label", "scalar", "string"), col("code", "scalar", "int64"),
                                      col("spike_times", "ragged", "float64"))]},
    {"_nwb_path": "no_tables.nwb", "tables": []},
    {"_nwb_path": Z, "tables": [tinfo("/units", "Units", "core", 2, ID, col("label", "scalar", "string"),
                                      col("code", "scalar", "int64"), col("spike_times", "ragged", "float64"))]},
], list_=True)
case("list_no_tables", ["no_tables.nwb"], [{"_nwb_path": "no_tables.nwb", "tables": []}], list_=True)
case("sess_all", [X, Y, Z], sess([(X, [0, 1, 2]), (Y, [0, 1]), (Z, [0, 1])]), table="units")
case("sess_reversed_columns", [Z, Y, X], sess([(Z, [0, 1]), (Y, [0, 1]), (X, [0, 1, 2])], ["code", "score"]),
     table="/units", columns=["code", "score"])
case("sess_union_order", [Z, X], sess([(Z, [0, 1]), (X, [0, 1, 2])], ["label", "code", "spike_times", "score"]),
     table="units")
case("sess_where_score", [X, Y, Z], sess([(X, [1, 2]), (Y, [0])], ["score", "label"]), table="units",
     columns=["score", "label"], where=["score >= 2"])
case("sess_where_label_text", [X, Y, Z], sess([(X, [0]), (Y, [1]), (Z, [0])], ["label"]), table="units",
     columns=["label"], where=["label < 9"])
case("sess_where_code_null", [X, Y, Z], sess([(Y, [0, 1])], ["code"]), table="units", columns=["code"],
     where=["code == null"])
case("sess_where_code_big", [X, Y, Z], sess([(X, [2]), (Z, [0])], ["code"]), table="units", columns=["code"],
     where=["code > 8"])
case("sess_where_code_in", [X, Y, Z], sess([(X, [2]), (Z, [0])], ["code"]), table="units", columns=["code"],
     where=["code in 9,1152921504606846976"])
case("sess_where_label_not_null", [Y], sess([(Y, [0, 1])], ["label"]), table="units", columns=["label"],
     where=["label != null"])
case("sess_where_absent_everywhere_null", [X, Y], sess([(X, [0, 1, 2]), (Y, [0, 1])], ["label"]), table="units",
     columns=["label"], where=["nothing == null"], warnings=['"nothing"'])
case("sess_where_absent_everywhere", [X, Y], [], table="units", columns=["label"], where=["nothing != null"])
case("sess_one_has_none", ["no_tables.nwb", Y], sess([(Y, [0, 1])], ["score", "label", "spike_times"]),
     table="units", warnings=["no_tables.nwb"])

W = dict(table="units")
case("sess_where_nwb_path", [X, Y, Z], sess([(Y, [0, 1])], ["label"]), columns=["label"],
     where=["_nwb_path == sess_y.nwb"], **W)
case("sess_where_table_index", [X, Y], sess([(X, [1, 2]), (Y, [1])], ["label"]), columns=["label"],
     where=["_table_index >= 1"], **W)
case("sess_where_id_in", [X, Y], sess([(X, [0, 2]), (Y, [0])], ["label"]), columns=["label"], where=["id in 0,2"], **W)
case("sess_columns_absent", [X, Y], sess([(X, [0, 1, 2]), (Y, [0, 1])], ["nothing", "label"]),
     columns=["nothing", "label"], warnings=['"nothing"'], **W)
case("sess_where_contains_comma", [X, Y, Z], sess([(X, [2])], ["label"]), columns=["label"],
     where=["label contains ,"], **W)
case("sess_where_quoted", [X, Y, Z], sess([(X, [2])], ["label"]), columns=["label"], where=['label == "a,b"'], **W)
case("sess_where_empty_string", [X, Y, Z], sess([(Y, [1])], ["label"]), columns=["label"], where=['label == ""'], **W)
case("sess_where_not_empty_string", [X, Y, Z], sess([(X, [0, 1, 2]), (Y, [0]), (Z, [0, 1])], ["label"]),
     columns=["label"], where=['label != ""'], **W)
case("sess_where_score_ne", [X, Y, Z], sess([(X, [0, 2]), (Y, [0])], ["score"]), columns=["score"],
     where=["score != 2"], **W)
case("sess_where_score_in", [X, Y, Z], sess([(X, [1]), (Y, [0])], ["score"]), columns=["score"],
     where=["score in 2,2.5"], **W)
case("sess_where_score_float_literal", [X, Y, Z], sess([(X, [1])], ["score"]), columns=["score"],
     where=["score == 2.0"], **W)
case("sess_where_label_in", [X, Y, Z], sess([(X, [0]), (Z, [1])], ["label"]), columns=["label"],
     where=["label in 10,Z"], **W)
case("sess_where_label_ge_text", [X, Y, Z], sess([(X, [1, 2]), (Y, [0]), (Z, [1])], ["label"]), columns=["label"],
     where=["label >= 9"], **W)
case("sess_where_code_negative", [X, Y, Z], sess([(Z, [1])], ["code"]), columns=["code"], where=["code <= -3"], **W)
case("sess_where_two_one_lacks", [X, Y, Z], sess([(X, [2])], ["score", "code"]), columns=["score", "code"],
     where=["score > 1", "code >= 9"], **W)

# Each file compares by its own type: label is text in sess_x, numbers in sess_w (5 < 9, not 10); code the
# reverse (as text "10" < "9" and "8" < "9"; as numbers 7 and 8 < 9, not 9).
case("sess_where_types_per_file", [X, WF], sess([(X, [0]), (WF, [0])], ["label", "code"]), columns=["label", "code"],
     where=["label < 9"], **W)
case("sess_where_types_per_file_code", [X, WF], sess([(X, [0, 1]), (WF, [0, 1])], ["code", "score"]),
     columns=["code", "score"], where=["code < 9"], **W)

# ---- matnwb_style.nwb ----
M = "matnwb_style.nwb"
case("list_matnwb_style", [M], [{"_nwb_path": M, "tables": [
    tinfo("/intervals/epochs", "TimeIntervals", "core", 2, ID32, col("start_time", "scalar", "float64")),
    tinfo("/intervals/trials", "TimeIntervals", "core", 3, ID32, col("start_time", "scalar", "float64"),
          col("stop_time", "scalar", "float64"), col("correct", "scalar", "int8"), col("stim", "scalar", "string"),
          col("spikes", "ragged", "float64"), col("site", "scalar", "string"), col("note", "scalar", "string")),
]}], list_=True)
MK = ["start_time", "stop_time", "correct", "stim", "spikes", "site", "note"]
# A NUL-terminated string as wide as its field has no NUL: all its bytes. Space padding is padding, as NULs are:
# HDF5 (and so h5py, pynwb) strips it.
case("matnwb_trials", [M], rows(M, "intervals/trials", MK, [0, 0.0, 0.5, 1, "left", [0.1], "CA1", "left"],
                                [1, 1.0, 1.5, 0, "right", [], "DG", "right"],
                                [2, 2.0, 2.5, 1, "", [0.2, 0.3], "CA3ab", ""]), table="trials")
case("matnwb_where_spacepad", [M], rows(M, "intervals/trials", ["note"], [1, "right"], index=[1]), table="trials",
     columns=["note"], where=["note == right"])
case("matnwb_epochs", [M], rows(M, "intervals/epochs", ["start_time"], [5, 3.0], [6, 4.0]), table="epochs")
case("matnwb_where_int8", [M], rows(M, "intervals/trials", ["correct", "stim"], [0, 1, "left"], [2, 1, ""],
                                    index=[0, 2]), table="trials", columns=["correct", "stim"],
     where=["correct == 1"])

# ---- layouts.nwb: ragged data chunked, compressed, big-endian, checksummed, partly unwritten ----
L = "layouts.nwb"
LK = ["gz", "gz_f32", "gz_u64", "be", "f32_fletcher", "sparse", "gz_i8", "lzf", "scaled", "compact"]
case("list_layouts", [L], [{"_nwb_path": L, "tables": [
    tinfo("/units", "Units", "core", 3, ID, col("gz", "ragged", "float64"), col("gz_f32", "ragged", "float32"),
          col("gz_u64", "ragged", "uint64"), col("be", "ragged", "float64"), col("f32_fletcher", "ragged", "float32"),
          col("sparse", "ragged", "int32"), col("gz_i8", "ragged", "int8"), col("lzf", "ragged", "float64"),
          col("scaled", "ragged", "int32"), col("compact", "ragged", "float64")),
]}], list_=True)
case("layouts_units", [L], rows(L, "units", LK,
                                [0, [0.5, 1.5], [0.10000000149011612, NULL],
                                 ["18446744073709551615", "9007199254740992"], [1.25, -2], [1, 2], [11, 12],
                                 [-128, 127], [0.5, 1], [100, 101], [9.5, 8]],
                                [1, [], [], [], [], [], [], [], [], [], []],
                                [2, [2.5, NULL, 4.5], [NULL, 3.25, NULL], [1, 9007199254740991, 0], [30000000000, 4, 5.5],
                                 [3, 4, 5], [-9, -9, -9], [-1, 0, 5], [2, 3, 4.25], [102, 103, 104], [7, 6, 5.5]]),
     table="units")

# ---- hdmf_more.nwb ----
H = "hdmf_more.nwb"
LICK = "/acquisition/lick"
NAMES = ["größe_µm", "__proto__", "constructor", "toString", "a b", "x,y"]
HK = ["rag_tsr", "rag_str", "rag_ref", "vl", "arr_cmp", "str2d", "ref_null", "enum3"]
case("list_hdmf_more", [H], [{"_nwb_path": H, "tables": [
    tinfo("/intervals/bad_index", *DT, 3, ID, col("r", "ragged", "float64")),
    tinfo("/intervals/names", *DT, 2, ID, *[col(n, "scalar", "int16") for n in NAMES],
          col("proto_obj", "compound", "compound")),
    tinfo("/intervals/responses", "IntracellularResponsesTable", "core", 3, ID,
          col("rag_tsr", "ragged", "compound"), col("rag_str", "ragged", "string"),
          col("rag_ref", "ragged", "reference"), col("vl", "ragged", "float64"),
          col("arr_cmp", "compound", "compound"), col("str2d", "array", "string", (2,)),
          col("ref_null", "reference", "reference"), col("enum3", "scalar", "uint8")),
]}], list_=True)
tsr = lambda a, b: {"idx_start": a, "count": b, "timeseries": LICK}
case("more_responses", [H], rows(H, "intervals/responses", HK,
     [0, [tsr(0, 1)], [], [LICK + "/data", LICK], [1, 2], {"pos": [1, 2, 0.5], "code": "ab"}, ["a", "b"], NULL, 2],
     [1, [tsr(1, 2), tsr(-1, -1)], ["a", "", "β,γ"], [], [], {"pos": [0, 0, 0], "code": ""}, ["", "ü"],
      "/intervals", 0],
     [2, [], ["d"], [NULL], [NULL, -0.5], {"pos": [NULL, -1, 2], "code": "wxyz"}, ["x,y", "z"], NULL, 1]),
     table="/intervals/responses")
case("more_names", [H], rows(H, "intervals/names", NAMES + ["proto_obj"], [0, 0, 1, 2, 3, 4, 5, {"x": 1, "__proto__": 2}],
                              [1, 10, 11, 12, 13, 14, 15, {"x": 3, "__proto__": 4}]), table="/intervals/names")
case("more_names_columns", [H], rows(H, "intervals/names", ["toString", "__proto__"], [1, 13, 11], index=[1]),
     table="/intervals/names", columns=["toString", "__proto__"], where=["__proto__ > 1", "constructor == 12"])
case("more_names_spaced", [H], rows(H, "intervals/names", ["a b", "größe_µm"], [0, 4, 0], index=[0]),
     table="/intervals/names", columns=["a b", "größe_µm"], where=["a b == 4", "x,y < 15", "größe_µm in 0,10"])
case("more_where_null_ref", [H], rows(H, "intervals/responses", ["ref_null"], [0, NULL], [2, NULL], index=[0, 2]),
     table="/intervals/responses", columns=["ref_null"], where=["ref_null == null"])
case("more_where_enum", [H], rows(H, "intervals/responses", ["enum3"], [0, 2], [2, 1], index=[0, 2]),
     table="/intervals/responses", columns=["enum3"], where=["enum3 > 0"])
case("f16_values", ["hdmf_f16.nwb"], rows("hdmf_f16.nwb", "intervals/halves", ["h"], [0, 0.0999755859375],
                                            [1, 65504], [2, NULL], [3, NULL]), table="/intervals/halves")

# ---- latest_format.nwb: layout version 4 chunk indexes ----
T = "latest_format.nwb"
TK = ["single", "fixed", "extensible", "implicit", "ext_f32", "contiguous"]
case("latest_units", [T], rows(T, "units", TK,
                               [0, [0.5, 1.5], [1, 3], [1.5, 4.5], [2, 6], [0, 0.25], [-2, -1]],
                               [1, [], [], [], [], [], []],
                               [2, [2.5, NULL, 4.5], [5, NULL, 9], [7.5, NULL, 13.5], [10, NULL, 18], [0.5, 0.75, 1],
                                [0, 1, 2]]), table="units")
case("latest_units_filtered", [T], rows(T, "units", ["extensible", "fixed"], [2, [7.5, NULL, 13.5], [5, NULL, 9]],
                                        index=[2]), table="units", columns=["extensible", "fixed"],
     where=["_table_index == 2"])

# ---- neuroconv_style.nwb ----
N = "neuroconv_style.nwb"
NK = ["spike_times", "quality", "is_good", "electrodes", "depth_be", "code_be", "cmp_be", "counts"]
case("list_neuroconv_style", [N], [{"_nwb_path": N, "tables": [
    tinfo("/general/extracellular_ephys/electrodes", *DT, 4, ID, col("location", "scalar", "string")),
    tinfo("/units", "Units", "core", 7, ID, col("spike_times", "ragged", "float64"), col("quality", "scalar", "string"),
          col("is_good", "scalar", "bool"), col("electrodes", "region", "int32"), col("depth_be", "scalar", "float64"),
          col("code_be", "scalar", "int64"), col("cmp_be", "compound", "compound"), col("counts", "ragged", "int64")),
]}], list_=True)
spikes = lambda a, b: [i / 8 for i in range(a, b)]
NROWS = [
    [0, [], "good", True, [0], 10.5, "-4611686018427387904", {"a": -3, "b": 0}, []],
    [1, spikes(0, 1000), "mua", False, [1], -1, "9007199254740993", {"a": -2, "b": 0.25}, [1, -2]],
    [2, [125], "noise", False, [2, 3], NULL, -1, {"a": -1, "b": 0.5}, [3]],
    [3, spikes(1001, 2000), "good", True, [0], 3000, 0, {"a": 0, "b": 0.75}, []],
    [4, [], "", False, [1], 0, 1, {"a": 1, "b": 1}, [-4, 5]],
    [5, spikes(2000, 2500), "mua", False, [2, 3], NULL, 2, {"a": 2, "b": 1.25}, [1099511627776, -1099511627776]],
    [6, spikes(2500, 3000), "good", True, [3, 2], 7, 3, {"a": 3, "b": 1.5}, [9]],
]


def units(which, keys):
    return rows(N, "units", keys, *[[NROWS[r][0]] + [dict(zip(NK, NROWS[r][1:]))[k] for k in keys] for r in which],
                index=which)


case("neuroconv_units", [N], units(range(7), NK), table="units")
case("neuroconv_units_good", [N], units([0, 3, 6], ["spike_times", "electrodes"]), table="units",
     columns=["spike_times", "electrodes"], where=["quality == good", "is_good == true"])
case("neuroconv_units_depth", [N], units([0, 3, 6], ["depth_be"]), table="units", columns=["depth_be"],
     where=["depth_be >= 7"])
case("neuroconv_units_code", [N], units([1], ["code_be"]), table="units", columns=["code_be"],
     where=["code_be == 9007199254740993"])
case("neuroconv_electrodes", [N], rows(N, "general/extracellular_ephys/electrodes", ["location"], [0, "CA1"],
                                       [1, "CA1"], [2, "DG"], [3, "DG"]), table="electrodes")

# Errors: the command fails with a message holding every `message` substring.
errors.append({"case": "error_where_ragged_region", "files": [V], "table": VT, "where": ["where_many == 1"],
               "message": ["hdmf_values.nwb", '"where_many"', "scalar"]})
errors.append({"case": "error_where_ragged", "files": [V], "table": VT, "where": ["rag > 1"],
               "message": ["hdmf_values.nwb", '"rag"', "scalar"]})
errors.append({"case": "error_index_backwards", "files": [H], "table": "/intervals/bad_index",
               "message": ["hdmf_more.nwb", "/intervals/bad_index", '"r"']})
errors.append({"case": "error_short_column", "files": [B], "table": "/processing/bad/short_col",
               "message": ["broken.nwb", "/processing/bad/short_col", '"short"']})
errors.append({"case": "error_short_ragged", "files": [B], "table": "/processing/bad/short_ragged",
               "message": ["broken.nwb", "/processing/bad/short_ragged", '"r"']})
errors.append({"case": "error_not_a_table_group", "files": [V], "table": "/processing/misc",
               "message": ["hdmf_values.nwb", "/processing/misc"]})
errors.append({"case": "error_not_a_table_dataset", "files": [V], "table": "acquisition/lick/data",
               "message": ["hdmf_values.nwb", "/acquisition/lick/data"]})
errors.append({"case": "error_no_file_has_it", "files": ["no_tables.nwb", M], "table": "units",
               "message": ["no_tables.nwb", "matnwb_style.nwb", "/units"]})

with open(os.path.join(DIR, "cases.json"), "w") as f:
    f.write("[\n" + ",\n".join(json.dumps(c, ensure_ascii=False) for c in cases) + "\n]\n")
with open(os.path.join(DIR, "errors.json"), "w") as f:
    f.write("[\n" + ",\n".join(json.dumps(c, ensure_ascii=False) for c in errors) + "\n]\n")
print(len(cases), "cases,", len(errors), "errors")
