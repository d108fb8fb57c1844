#!/usr/bin/env python3
"""Unit tests of the Spark job's connected components (large-star / small-star) and its
output formatting, on hand-made graphs. Runs with pytest or alone:

    python3 -m pytest Spark/            # or
    python3 Spark/test_components.py    # also runs the Spark version when pyspark is installed

The pure-Python rounds need no Spark; the Spark rounds (`connected_components`) run in
local[1] mode when pyspark and Java are available, and are skipped otherwise.
"""
import os
import random
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import newsfold_dedup as nd  # noqa: E402


def reference_components(edges):
    """Components by a plain union-find: {node: smallest node of its component}."""
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for u, v in edges:
        ru, rv = find(u), find(v)
        if ru != rv:
            parent[max(ru, rv)] = min(ru, rv)
    return {n: find(n) for n in list(parent)}


GRAPHS = {
    "chain": [(i, i + 1) for i in range(1, 40)],
    "reversed chain": [(i + 1, i) for i in range(40, 0, -1)],
    "chain with big ids": [((i * 7919) % 1000 + (1 << 40), ((i + 1) * 7919) % 1000 + (1 << 40)) for i in range(50)],
    "star around the largest node": [(100, i) for i in range(1, 30)],
    "star around the smallest node": [(1, i) for i in range(2, 30)],
    "two components": [(1, 2), (2, 3), (10, 11), (11, 12), (12, 10)],
    "self-loops": [(5, 5), (5, 6), (7, 7), (6, 8)],
    "repeated edges": [(1, 2), (2, 1), (1, 2), (3, 4), (4, 3)],
    "zigzag": [(1, 20), (20, 2), (2, 19), (19, 3), (3, 18), (18, 4)],
    "complete graph": [(a, b) for a in range(1, 9) for b in range(1, 9) if a != b],
}


def random_graph(seed, nodes=300, edges=280):
    rng = random.Random(seed)
    return [(rng.randrange(nodes), rng.randrange(nodes)) for _ in range(edges)]


class PurePythonComponents(unittest.TestCase):
    def check(self, edges):
        expected = reference_components(edges)
        got = nd.large_star_small_star(edges)
        self.assertEqual(got, expected)

    def test_hand_made_graphs(self):
        for name, edges in GRAPHS.items():
            with self.subTest(name):
                self.check(edges)

    def test_only_self_loops_leaves_each_node_alone(self):
        self.assertEqual(nd.large_star_small_star([(3, 3), (9, 9)]), {3: 3, 9: 9})

    def test_random_graphs(self):
        for seed in range(20):
            with self.subTest(seed=seed):
                self.check(random_graph(seed))

    def test_star_forest_check(self):
        self.assertTrue(nd.is_star_forest({(5, 1), (6, 1), (9, 2)}))
        self.assertFalse(nd.is_star_forest({(5, 1), (5, 2)}))  # two parents
        self.assertFalse(nd.is_star_forest({(5, 3), (3, 1)}))  # a parent with a parent


class OutputFormat(unittest.TestCase):
    def test_numbers_as_json_writer_writes_them(self):
        self.assertEqual(nd.json_number(1.0), "1")
        self.assertEqual(nd.json_number(0.0), "0")
        self.assertEqual(nd.json_number(0.8125), "0.813")  # halves away from zero
        self.assertEqual(nd.json_number(0.9), "0.9")
        self.assertEqual(nd.json_number(None), "null")

    def test_float32_similarity(self):
        # Swift stores the best similarity as Float: 105/128 is exact, 0.8 is not.
        self.assertEqual(nd.float32(105 / 128), 105 / 128)
        self.assertNotEqual(nd.float32(0.8), 0.8)
        self.assertEqual(nd.round_places(nd.float32(0.8)), 0.8)

    def test_strings_as_json_writer_escapes_them(self):
        self.assertEqual(nd.json_string('a"b\\c\n\t\x01é'), '"a\\"b\\\\c\\n\\t\\u0001é"')
        self.assertEqual(nd.json_string("\x08\x0c"), '"\\u0008\\u000c"')

    def test_containment(self):
        self.assertEqual(nd.containment(1.0, 10, 10), 1.0)
        self.assertAlmostEqual(nd.containment(0.5, 50, 100), 1.0)
        self.assertEqual(nd.containment(0.5, 0, 10), 0.0)


def spark_or_none():
    try:
        import pyspark  # noqa: F401
        from pyspark.sql import SparkSession

        return (SparkSession.builder.master("local[1]").appName("newsfold-components-test")
                .config("spark.sql.shuffle.partitions", "2").config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false").getOrCreate())
    except Exception:
        return None


class SparkComponents(unittest.TestCase):
    spark = None

    @classmethod
    def setUpClass(cls):
        cls.spark = spark_or_none()
        if cls.spark is None:
            raise unittest.SkipTest("pyspark or Java not available")
        cls.spark.sparkContext.setLogLevel("ERROR")

    @classmethod
    def tearDownClass(cls):
        if cls.spark is not None:
            cls.spark.stop()

    def components(self, edges):
        df = self.spark.createDataFrame(edges, "a long, b long")
        stages = nd.Stages(quiet=True)
        labels, _ = nd.connected_components(df, stages, lambda d: d.localCheckpoint(eager=True))
        return {r["node"]: r["component"] for r in labels.collect()}

    def test_hand_made_and_random_graphs_in_one_run(self):
        # One Spark run over the disjoint union of every graph (node ids offset per graph):
        # each Spark job costs a second, so one graph per run would make the test slow.
        edges = []
        for g, graph in enumerate(list(GRAPHS.values()) + [random_graph(7)]):
            edges += [(u + (g << 44), v + (g << 44)) for u, v in graph]
        expected = {n: c for n, c in reference_components(edges).items()
                    if any(n in e and e[0] != e[1] for e in edges)}
        self.assertEqual(self.components(edges), expected)


if __name__ == "__main__":
    unittest.main(verbosity=1)
