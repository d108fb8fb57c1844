#!/usr/bin/env python3
"""Copy groups at scale: the `newsfold dedup` computation as a PySpark job.

Input: the shards `newsfold sign --shard K/N INPUT... -o DIR` writes (`DIR/parameters.json`,
`DIR/part-KKKKK-of-NNNNN.jsonl.gz`; the contract is in `Spark/README.md`). Output: the lines
`newsfold dedup` writes, one per document in input order (file, record):

    {"id":"b","group":"a","duplicate_of":"a","similarity":0.92,"containment":0.95}

Stages (each printed with its row count and time):
  1. read the shards with an explicit schema (no inference pass), check them;
  2. exact copies: documents with the same content hash form a class (head = first in input
     order, canonical twin = smallest id);
  3. LSH: class heads with bands, exploded to (band index, band key, document);
  4. candidate pairs: self-join on (band index, band key), pairs deduplicated;
  5. verification: estimated Jaccard = share of equal signature slots (Spark SQL `zip_with` +
     `aggregate`, no Python UDF); an edge when >= threshold, or containment >= c when set;
     5b. exact settlement (shards signed with `--verify exact`, the default, as `dedup`'s):
     a pair whose estimate lies within `exact_margin` of the threshold (unless containment
     accepted it below the threshold) is joined to the two documents' shingle sets and
     decided by their exact Jaccard (`array_intersect`), an edge when >= threshold;
  6. connected components of the edges by alternating large-star / small-star rounds
     (Kiveris et al., "Connected Components in MapReduce and Beyond", 2014), checkpointed
     each round so the lineage stays short;
  7. representative per component by `keep`; best verified neighbour per class;
  8. the output lines, sorted by (file, record).

    spark-submit Spark/newsfold_dedup.py --input /data/shards --output /data/dedup.jsonl
    python3 Spark/newsfold_dedup.py --input DIR --output out.jsonl --master 'local[2]'

Exit status: 0, or 1 when some records of the shards were unreadable (each is reported on
stderr, naming its file and line; the other documents are still written), or 2 on a usage or
shard-set error (nothing written).
"""
import argparse
import json
import math
import os
import re
import struct
import sys
import time

NODE_SHIFT = 1 << 32  # node id = file * 2^32 + record: unique, and sorts in input order
INT64_MAX = (1 << 63) - 1
PART_RE = re.compile(r"^part-(\d{5})-of-(\d{5})\.jsonl(\.gz)?$")


# ---------------------------------------------------------------------------------------------
# Pieces that need no Spark (unit-tested in Spark/test_components.py)


class ShardError(Exception):
    """The shard directory is unusable (missing parts, bad parameters); the message says why."""


def read_parameters(path):
    """A `parameters.json` as a dict, checked against the format `newsfold sign` writes."""
    try:
        with open(path, encoding="utf-8") as f:
            p = json.load(f)
    except OSError as e:
        raise ShardError(f"{path}: cannot read ({e.strerror}); is this a `newsfold sign -o` directory?")
    except json.JSONDecodeError as e:
        raise ShardError(f"{path}: not JSON ({e})")
    if p.get("format") != "newsfold-signatures" or p.get("version") != 1:
        raise ShardError(f"{path}: not a newsfold-signatures version 1 file")
    for key in ("threshold", "ngram", "permutations", "bands", "rows", "keep"):
        if key not in p:
            raise ShardError(f"{path}: missing \"{key}\"")
    if p["keep"] not in ("earliest", "longest", "first"):
        raise ShardError(f"{path}: keep must be earliest, longest or first, got {p['keep']!r}")
    return p


def shard_files(directory):
    """The part files of `directory`, sorted; raises ``ShardError`` unless all N parts are there."""
    names = sorted(n for n in os.listdir(directory) if PART_RE.match(n))
    if not names:
        raise ShardError(f"{directory}: no part-KKKKK-of-NNNNN.jsonl.gz files")
    totals = {int(PART_RE.match(n).group(2)) for n in names}
    if len(totals) != 1:
        raise ShardError(f"{directory}: parts of runs with different shard counts {sorted(totals)}")
    total = totals.pop()
    have = {int(PART_RE.match(n).group(1)) for n in names}
    missing = sorted(set(range(total)) - have)
    if missing:
        raise ShardError(f"{directory}: missing shard(s) {missing} of {total}; their documents would be lost")
    return [os.path.join(directory, n) for n in names]


def large_star_small_star(edges, max_rounds=100):
    """Connected components of an undirected graph (pure Python, the same rounds as the Spark
    version): returns {node: smallest node of its component} for every node on an edge.

    `edges` is an iterable of (u, v) pairs; self-loops and repeats are allowed.
    """
    current = {(max(u, v), min(u, v)) for u, v in edges if u != v}
    nodes = {n for e in edges for n in e}
    for _ in range(max_rounds):
        # Large star: each node links its larger neighbours to the smallest of its neighbourhood.
        nbrs = {}
        for u, v in current:
            nbrs.setdefault(u, set()).add(v)
            nbrs.setdefault(v, set()).add(u)
        large = set()
        for u, ns in nbrs.items():
            m = min(ns | {u})
            large |= {(v, m) for v in ns if v > u}
        # Small star: each node links itself and its smaller neighbours to the smallest of them.
        smaller = {}
        for u, v in large:  # u > v
            smaller.setdefault(u, set()).add(v)
        small = set()
        for u, ns in smaller.items():
            m = min(ns)
            small |= {(n, m) for n in ns | {u} if n != m}
        current = small
        if is_star_forest(current):
            break
    else:
        raise RuntimeError(f"no convergence in {max_rounds} rounds")
    label = {n: n for n in nodes}
    for u, v in current:
        label[u] = v
    return label


def is_star_forest(edges):
    """True when the (larger, smaller) edges form stars around roots smaller than their leaves:
    every larger end has one smaller neighbour, and no smaller end is itself a larger end."""
    parent = {}
    for u, v in edges:
        if parent.setdefault(u, v) != v:
            return False
    return not any(v in parent for v in parent.values())


def float32(x):
    """`Double(Float(x))` as Swift computes it (round to nearest even)."""
    return struct.unpack("f", struct.pack("f", x))[0]


def round_places(x, places=3):
    """`(x * 10^places).rounded() / 10^places` as Swift computes it (halves away from zero)."""
    scale = 10.0 ** places
    v = x * scale
    r = math.floor(v)
    if v - r >= 0.5:
        r += 1
    return r / scale


def containment(similarity, a, b):
    """Estimated share of a document of `a` shingles found in one of `b` shingles."""
    if a <= 0:
        return 0.0
    return min(1.0, similarity * float(a + b) / ((1 + similarity) * float(a)))


def json_string(s):
    """A JSON string escaped exactly as NewsfoldIO's JSONWriter does (UTF-8 kept as is)."""
    out = ['"']
    for ch in s:
        c = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif c >= 0x20:
            out.append(ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        else:
            out.append("\\u%04x" % c)
    out.append('"')
    return "".join(out)


def json_number(x):
    """A number as JSONWriter.number(_:places: 3) writes it (integers without a fraction)."""
    if x is None:
        return "null"
    x = round_places(x)
    if x == math.floor(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def output_line(row):
    """One `dedup` line from an assembled row (see ``assemble`` for the fields)."""
    dup, sim, cont = row["duplicate_of"], None, None
    if dup is not None:
        if row["similarity"] is None:  # exact copy
            sim, cont = 1.0, 1.0
        else:
            s = float32(row["similarity"])
            sim = round_places(s)
            cont = round_places(containment(s, row["shingles"], row["target_shingles"]))
    return (
        '{"id":' + json_string(row["id"]) + ',"group":' + json_string(row["group"])
        + ',"duplicate_of":' + ("null" if dup is None else json_string(dup))
        + ',"similarity":' + json_number(sim) + ',"containment":' + json_number(cont) + "}"
    )


# ---------------------------------------------------------------------------------------------
# The Spark job


class Stages:
    """Materialises each stage and prints its row count and wall time on stderr."""

    def __init__(self, quiet=False):
        self.quiet = quiet
        self.start = time.monotonic()

    def run(self, name, df):
        """Materialises `df` (cached), prints its count and the seconds it took, returns it."""
        t = time.monotonic()
        df = df.persist()
        n = df.count()
        seconds = time.monotonic() - t
        if not self.quiet:
            print(f"newsfold-spark: {name}: {n} rows, {seconds:.2f} s", file=sys.stderr, flush=True)
        return df


def spark_session(args):
    from pyspark.sql import SparkSession

    b = SparkSession.builder.appName("newsfold-dedup")
    if args.master:
        b = b.master(args.master)
    if args.driver_memory:
        b = b.config("spark.driver.memory", args.driver_memory)
    b = b.config("spark.sql.shuffle.partitions", str(args.partitions))
    b = b.config("spark.default.parallelism", str(args.partitions))
    b = b.config("spark.ui.showConsoleProgress", "false")
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    if args.checkpoint_dir:
        spark.sparkContext.setCheckpointDir(args.checkpoint_dir)
    return spark


def read_shards(spark, files, params, stages):
    """Stage 1: the documents, and the records that could not be read (with file and line)."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    schema = T.StructType([
        T.StructField("id", T.StringType()),
        T.StructField("file", T.LongType()),
        T.StructField("record", T.LongType()),
        T.StructField("content_hash", T.LongType()),
        T.StructField("words", T.LongType()),
        T.StructField("shingles", T.LongType()),
        T.StructField("published", T.LongType()),
        T.StructField("bands", T.ArrayType(T.LongType())),
        T.StructField("signature", T.ArrayType(T.LongType())),
        T.StructField("shingle_set", T.ArrayType(T.LongType())),
        T.StructField("_corrupt", T.StringType()),
    ])
    k, b = params["permutations"], params["bands"]
    raw = (
        spark.read.schema(schema)
        .option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", "_corrupt")
        .json(files)
        .withColumn("source", F.input_file_name())
    )
    # A line is bad when it is not JSON, lacks a field, or its arrays have the wrong length.
    problem = (
        F.when(F.col("_corrupt").isNotNull(), F.lit("not JSON or wrong types"))
        .when(F.col("id").isNull() | F.col("file").isNull() | F.col("record").isNull()
              | F.col("content_hash").isNull() | F.col("words").isNull() | F.col("shingles").isNull()
              | F.col("bands").isNull() | F.col("signature").isNull(), F.lit("missing field"))
        .when(F.size("signature") != k, F.lit(f"signature length is not {k}"))
        .when((F.size("bands") != b) & (F.size("bands") != 0), F.lit(f"bands length is not {b} or 0"))
    )
    if params.get("verification") == "exact":
        problem = problem.when(F.col("shingle_set").isNull(), F.lit("no shingle_set (the parameters say exact)"))
    checked = stages.run("read shards", raw.withColumn("problem", problem))
    bad = checked.where(F.col("problem").isNotNull())
    errors = bad.select("source", "id", "file", "record", "problem", "_corrupt").limit(1000).collect()
    bad_count = bad.count()
    docs = checked.where(F.col("problem").isNull()).select(
        (F.col("file") * NODE_SHIFT + F.col("record")).alias("node"),
        "id", "shingles", "words", "content_hash",
        F.coalesce("published", F.lit(INT64_MAX)).alias("published"),
        "bands",
        # UInt32 slots stored as Int32 (offset by 2^31): equality is all that matters, and the
        # shuffled rows are half the size.
        F.transform("signature", lambda x: (x - F.lit(1 << 31)).cast("int")).alias("signature"),
    )
    sets = checked.where(F.col("problem").isNull() & (F.size("bands") > 0)).select(
        (F.col("file") * NODE_SHIFT + F.col("record")).alias("node"), "shingle_set")
    return docs, sets, errors, bad_count, checked


def exact_classes(docs):
    """Stage 2: per document its class head (first in input order with the same content
    hash) and canonical twin (smallest id, then first); `words == 0` documents are alone."""
    from pyspark.sql import functions as F

    texts = docs.where(F.col("words") > 0)
    classes = texts.groupBy("content_hash").agg(
        F.min("node").alias("head"),
        F.min(F.struct("id", "node")).alias("canon"),
    )
    joined = texts.join(classes, "content_hash").select(
        "node", "id", "shingles", "words", "published", "bands", "signature", "head",
        F.col("canon.node").alias("canon"), F.col("canon.id").alias("canon_id"),
    )
    empty = docs.where(F.col("words") <= 0).select(
        "node", "id", "shingles", "words", "published", "bands", "signature",
        F.col("node").alias("head"), F.col("node").alias("canon"), F.col("id").alias("canon_id"),
    )
    return joined.unionByName(empty)


def candidate_pairs(heads, max_bucket):
    """Stages 3-4: (band index, band key, node) rows, then pairs of heads sharing one, a < b."""
    from pyspark.sql import functions as F

    bands = heads.where(F.size("bands") > 0).select(
        "node", F.posexplode("bands").alias("band_index", "band_key"))
    if max_bucket:
        sizes = bands.groupBy("band_index", "band_key").count().where(F.col("count") <= max_bucket)
        bands = bands.join(sizes.drop("count"), ["band_index", "band_key"], "left_semi")
    a = bands.select("band_index", "band_key", F.col("node").alias("a"))
    b = bands.select("band_index", "band_key", F.col("node").alias("b"))
    pairs = a.join(b, ["band_index", "band_key"]).where(F.col("a") < F.col("b")).select("a", "b").distinct()
    return bands, pairs


def verify(pairs, heads, params, sets=None):
    """Stage 5: the verified edges (a, b, similarity), a < b, and the number of pairs settled
    exactly (a DataFrame of them, or None under estimate verification).

    Estimate: similarity = equal signature slots / permutations; an edge when >= threshold, or
    when containment (if set) >= c. Exact (``sets`` given, as CopyGroupIndex.verify): a pair with
    |s - t| < exact_margin is pending unless containment accepted it with s < t; a pending pair
    is an edge when the exact Jaccard of its shingle sets is >= t, with that similarity.
    """
    from pyspark.sql import functions as F

    k = params["permutations"]
    sa = heads.select(F.col("node").alias("a"), F.col("signature").alias("sig_a"), F.col("shingles").alias("sh_a"))
    sb = heads.select(F.col("node").alias("b"), F.col("signature").alias("sig_b"), F.col("shingles").alias("sh_b"))
    equal = F.aggregate(
        F.zip_with("sig_a", "sig_b", lambda x, y: F.when(x == y, 1).otherwise(0)), F.lit(0), lambda acc, x: acc + x)
    scored = pairs.join(sa, "a").join(sb, "b").select("a", "b", "sh_a", "sh_b", equal.alias("equal_slots"))
    t = F.lit(float(params["threshold"]))
    s = F.col("equal_slots").cast("double") / F.lit(float(k))
    accept = s >= t
    c = params.get("containment")
    if c is not None:
        small = F.least("sh_a", "sh_b").cast("double")
        large = F.greatest("sh_a", "sh_b").cast("double")
        # min(1, s·(a+b) / ((1+s)·a)), operations in the order CopyGroupIndex.containment does them.
        cont = F.when(small <= 0, F.lit(0.0)).otherwise(
            F.least(F.lit(1.0), s * (small + large) / ((F.lit(1.0) + s) * small)))
        accept = accept | (cont >= F.lit(float(c)))
    if sets is None:
        return scored.where(accept).select("a", "b", s.alias("similarity")), None
    margin = F.lit(float(params["exact_margin"]))
    pending = (F.abs(s - t) < margin) & ~(accept & (s < t))
    decided = scored.where(~pending & accept).select("a", "b", s.alias("similarity"))
    borderline = scored.where(pending).select("a", "b")
    set_a = sets.select(F.col("node").alias("a"), F.col("shingle_set").alias("set_a"))
    set_b = sets.select(F.col("node").alias("b"), F.col("shingle_set").alias("set_b"))
    inter = F.size(F.array_intersect("set_a", "set_b")).cast("double")
    # |A ∩ B| / |A ∪ B| of two sets (sorted, unique), as ExactJaccard.similarity divides.
    exact = inter / (F.size("set_a").cast("double") + F.size("set_b").cast("double") - inter)
    settled = borderline.join(set_a, "a").join(set_b, "b").select("a", "b", exact.alias("similarity"))
    return decided.unionByName(settled.where(F.col("similarity") >= t)), settled


def connected_components(edges, stages, checkpoint, max_rounds=100):
    """Stage 6: (node, component) for every node on an edge; component = smallest node.

    Large star: for each node u with neighbourhood N(u), m = min(N(u) ∪ {u}); link every
    v in N(u) with v > u to m. Small star: orient edges larger → smaller; for each u with
    smaller neighbours S(u), m = min(S(u)); link u and every v in S(u) to m. The rounds stop
    when the edges form stars around roots smaller than their leaves (each leaf has one
    parent, no parent has a parent): then each root is its component's minimum. O(log n)
    rounds (Kiveris et al. 2014); each round's edges are checkpointed to cut the lineage.
    """
    from pyspark.sql import functions as F

    current = edges.select(F.greatest("a", "b").alias("u"), F.least("a", "b").alias("v")).where(
        F.col("u") != F.col("v")).distinct()
    current = checkpoint(current)
    for round_number in range(1, max_rounds + 1):
        both = current.unionByName(current.select(F.col("v").alias("u"), F.col("u").alias("v")))
        low = both.groupBy("u").agg(F.min("v").alias("m"))
        large = both.join(low, "u").where(F.col("v") > F.col("u")).select(
            F.col("v").alias("u"), F.least("m", "u").alias("v")).distinct()
        # Small star on `large` (already oriented u > v).
        low2 = large.groupBy("u").agg(F.min("v").alias("m"))
        small = large.join(low2, "u").select(
            F.explode(F.array(F.col("u"), F.col("v"))).alias("n"), "m").where(
            F.col("n") != F.col("m")).select(F.col("n").alias("u"), F.col("m").alias("v")).distinct()
        current = checkpoint(small)
        parents = current.groupBy("u").agg(F.min("v").alias("p"), F.max("v").alias("q"))
        not_star = parents.where(F.col("p") != F.col("q")).limit(1).count()
        if not_star == 0:
            roots = current.select(F.col("v").alias("u")).distinct()
            not_star = roots.join(parents, "u", "left_semi").limit(1).count()
        if not stages.quiet:
            print(f"newsfold-spark: components round {round_number}: {current.count()} edges",
                  file=sys.stderr, flush=True)
        if not_star == 0:
            break
    else:
        raise RuntimeError(f"connected components did not converge in {max_rounds} rounds")
    roots = current.select(F.col("v").alias("node")).distinct().select("node", F.col("node").alias("component"))
    leaves = current.select(F.col("u").alias("node"), F.col("v").alias("component"))
    return leaves.unionByName(roots), round_number


def assemble(docs, edges, components, params):
    """Stages 7-8: per document (in input order) the fields ``output_line`` needs."""
    from pyspark.sql import functions as F

    keep = params["keep"]
    comp = docs.join(components.withColumnRenamed("node", "head"), "head", "left").withColumn(
        "component", F.coalesce("component", "head"))
    # Representative: the smallest member by the keep order (a total order, as in CopyGroupIndex).
    if keep == "earliest":
        order = F.struct("published", "id", "node", "head")
    elif keep == "longest":
        order = F.struct((-F.col("shingles")).alias("neg_shingles"), "id", "node", "head")
    else:
        order = F.struct("node", "head", "id")
    reps = comp.groupBy("component").agg(F.min(order).alias("rep")).select(
        "component", F.col("rep.node").alias("rep"), F.col("rep.id").alias("group"),
        F.col("rep.head").alias("rep_head"))
    # Best verified neighbour of each class head: higher similarity (as the Float it is kept
    # in), then smaller id.
    directed = edges.select(F.col("a").alias("head"), F.col("b").alias("n"), "similarity").unionByName(
        edges.select(F.col("b").alias("head"), F.col("a").alias("n"), "similarity"))
    info = docs.where(F.col("node") == F.col("head")).select(
        F.col("node").alias("n"), F.col("id").alias("n_id"), F.col("canon").alias("n_canon"),
        F.col("canon_id").alias("n_canon_id"), F.col("shingles").alias("n_shingles"))
    best = directed.join(info, "n").groupBy("head").agg(
        F.min(F.struct((-F.col("similarity").cast("float")).alias("neg"), "n_id", "n", "n_canon", "n_canon_id",
                       "n_shingles", "similarity"))
        .alias("best")).select(
        "head", F.col("best.similarity").alias("similarity"), F.col("best.n").alias("best_n"),
        F.col("best.n_canon").alias("best_canon"), F.col("best.n_canon_id").alias("best_canon_id"),
        F.col("best.n_shingles").alias("target_shingles"))
    rows = comp.join(reps, "component").join(best, "head", "left")
    is_rep = F.col("rep") == F.col("node")
    same_class_as_rep = F.col("rep_head") == F.col("head")
    twin = F.col("canon") != F.col("node")
    rep_in_best_class = F.col("rep_head") == F.col("best_n")
    duplicate_of = (
        F.when(is_rep, F.lit(None))
        .when(same_class_as_rep, F.col("group"))
        .when(twin, F.col("canon_id"))
        .when(rep_in_best_class, F.col("group"))
        .otherwise(F.col("best_canon_id"))
    )
    similarity = F.when(is_rep | same_class_as_rep | twin, F.lit(None)).otherwise(F.col("similarity"))
    return rows.select(
        "node", "id", "group", duplicate_of.alias("duplicate_of"), similarity.alias("similarity"),
        "shingles", "target_shingles")


def jvm_peak_rss_kb(spark):
    """VmHWM of the driver JVM (local mode: the whole job), or None when unreadable."""
    try:
        pid = spark.sparkContext._gateway.proc.pid
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except Exception:  # not local, or not Linux: the figure is optional
        return None
    return None


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Copy groups of `newsfold sign` shards, as `newsfold dedup` computes them (its --verify "
        "is the shards': exact by default, with shingle sets; estimate for shards signed with --verify estimate).")
    ap.add_argument("--input", required=True, help="Directory `newsfold sign -o` wrote (parameters.json, part-*.jsonl.gz); "
                    "a local path, or a Hadoop URI (s3a://, hdfs://) with --parameters.")
    ap.add_argument("--output", required=True, help="Output: a JSONL file (written by the driver, in input order), "
                    "or with --distributed-output a directory of part files whose concatenation in name order is that file.")
    ap.add_argument("--partitions", type=int, default=8, help="Shuffle partitions (default 8; a few per core).")
    ap.add_argument("--checkpoint-dir", help="Reliable checkpoint directory for the component rounds "
                    "(needed on a cluster; without it, rounds are checkpointed locally on the executors).")
    ap.add_argument("--master", help="Spark master when run with python3 (e.g. local[2]); spark-submit sets it.")
    ap.add_argument("--driver-memory", help="spark.driver.memory when run with python3 (e.g. 2g).")
    ap.add_argument("--parameters", help="parameters.json to use instead of INPUT/parameters.json "
                    "(for inputs the driver cannot list, such as s3a:// shards).")
    ap.add_argument("--max-bucket", type=int, default=0, help="Drop LSH buckets with more documents than this "
                    "(0, the default: none dropped; any cap loses pairs `newsfold dedup` finds).")
    ap.add_argument("--distributed-output", action="store_true", help="Write --output as a directory of part "
                    "files from the executors instead of one file through the driver (for very large runs).")
    ap.add_argument("--keep", choices=["earliest", "longest", "first"], help="Which member represents a group "
                    "(default: the keep of parameters.json); signatures don't depend on it.")
    ap.add_argument("--quiet", action="store_true", help="No per-stage lines on stderr.")
    args = ap.parse_args(argv)

    local_input = "://" not in args.input
    try:
        if not local_input and not args.parameters:
            raise ShardError(f"{args.input}: give --parameters (a local copy of its parameters.json)")
        params = read_parameters(args.parameters or os.path.join(args.input, "parameters.json"))
        if args.keep:
            params["keep"] = args.keep
        files = shard_files(args.input) if local_input else [args.input.rstrip("/") + "/part-*.jsonl.gz"]
    except ShardError as e:
        print(f"newsfold-spark: {e}", file=sys.stderr)
        return 2

    stages = Stages(args.quiet)
    spark = spark_session(args)
    from pyspark.sql import functions as F

    def checkpoint(df):
        return df.checkpoint(eager=True) if args.checkpoint_dir else df.localCheckpoint(eager=True)

    exact_mode = params.get("verification") == "exact"
    docs, sets, errors, bad_count, checked = read_shards(spark, files, params, stages)
    if exact_mode:
        sets = stages.run("shingle sets", sets)
    for e in errors:
        where = f"{e['source']}: file {e['file']} record {e['record']}" if e["file"] is not None else e["source"]
        snippet = (e["_corrupt"] or "")[:80]
        print(f"newsfold-spark: {where}: {e['id'] or '?'}: {e['problem']}" + (f": {snippet}" if snippet else ""),
              file=sys.stderr)
    if bad_count > len(errors):
        print(f"newsfold-spark: ... and {bad_count - len(errors)} more unreadable records", file=sys.stderr)

    docs = stages.run("documents with exact classes", exact_classes(docs))
    checked.unpersist()
    heads = docs.where(F.col("node") == F.col("head"))
    bands, pairs = candidate_pairs(heads, args.max_bucket)
    stages.run("band rows", bands)
    pairs = stages.run("candidate pairs", pairs)
    edges, settled = verify(pairs, heads, params, sets if exact_mode else None)
    edges = stages.run("verified edges", edges)
    exact_note = ""
    if exact_mode:
        settled = stages.run("pairs settled exactly", settled)
        n_settled = settled.count()
        n_kept = settled.where(F.col("similarity") >= F.lit(float(params["threshold"]))).count()
        exact_note = f"; {n_settled} pairs settled exactly ({n_kept} edges)"
        settled.unpersist()
        sets.unpersist()
    pairs.unpersist()
    bands.unpersist()
    t = time.monotonic()
    components, rounds = connected_components(edges, stages, checkpoint)
    components = stages.run("component labels", components)
    if not args.quiet:
        print(f"newsfold-spark: connected components: {rounds} rounds, {time.monotonic() - t:.2f} s",
              file=sys.stderr)
    rows = stages.run("assignments", assemble(docs, edges, components, params))

    t = time.monotonic()
    ordered = rows.orderBy("node")
    written = 0
    if args.distributed_output:
        lines = ordered.rdd.map(lambda r: output_line(r.asDict()))
        lines.saveAsTextFile(args.output)
        written = rows.count()
    else:
        tmp = args.output + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as out:
            for r in ordered.toLocalIterator(prefetchPartitions=True):
                out.write(output_line(r.asDict()))
                out.write("\n")
                written += 1
        os.replace(tmp, args.output)
    total = time.monotonic() - stages.start
    rss = jvm_peak_rss_kb(spark)
    groups = rows.where(F.col("duplicate_of").isNotNull()).select("group").distinct().count()
    copies = rows.where(F.col("duplicate_of").isNotNull()).count()
    if not args.quiet:
        print(f"newsfold-spark: write output: {written} lines, {time.monotonic() - t:.2f} s", file=sys.stderr)
    print(
        f"newsfold-spark: {written} documents, {bad_count} errors; {copies} copies in {groups} groups; "
        f"{edges.count()} edges{exact_note}; {total:.2f} s" + (f"; JVM peak RSS {rss // 1024} MB" if rss else ""),
        file=sys.stderr)
    spark.stop()
    return 1 if bad_count else 0


if __name__ == "__main__":
    sys.exit(main())
