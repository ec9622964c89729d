"""The two engines that run the queries of `queries.py` over the analytical copy.

Both expose each extracted table as a view of the same name over its Parquet folder and answer
`rows(sql)` with plain Python values; `normalise` makes their answers comparable (a DuckDB
HUGEINT and a Spark bigint are both `int`; averages are rounded to 6 places).
"""

import os
from decimal import Decimal

from openamo.analytics import store
from openamo.analytics.queries import DERIVED
from openamo.analytics.tables import TABLES


def normalise(value):
    if isinstance(value, float | Decimal):
        return round(float(value), 6)
    return value


class DuckDBEngine:
    """In-process DuckDB: reading Parquet needs no extension (nothing is downloaded)."""

    name = "duckdb"

    def __init__(self):
        import duckdb

        self.connection = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False})
        for spec in TABLES:
            self.connection.execute(
                f"CREATE VIEW {spec.name} AS SELECT * FROM read_parquet('{store.glob(spec.name)}')"
            )

        self.derived: set[str] = set()

    def rows(self, sql: str) -> list[tuple]:
        for name, text in DERIVED.items():  # materialised once, when a query first needs it
            if name in sql and name not in self.derived:
                self.connection.execute(f"CREATE TEMP TABLE {name} AS {text}")
                self.derived.add(name)
        return [tuple(normalise(v) for v in row) for row in self.connection.execute(sql).fetchall()]

    def close(self):
        self.connection.close()


def spark_session():
    """Local mode unless `OPENAMO_SPARK_MASTER` names a cluster (spark://host:7077, yarn...)."""
    from pyspark.sql import SparkSession

    master = os.environ.get("OPENAMO_SPARK_MASTER", "local[1]")
    return (
        SparkSession.builder.master(master)
        .appName("openamo-analytics")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "false")
        .getOrCreate()
    )


class SparkEngine:
    """Apache Spark SQL over the same Parquet folders (a cluster must see the same path)."""

    name = "spark"

    def __init__(self, session=None):
        self.session = session or spark_session()
        for spec in TABLES:
            frame = self.session.read.parquet(str(store.table_dir(spec.name)))
            frame.createOrReplaceTempView(spec.name)
        for name, text in DERIVED.items():  # cached on first use by Spark itself
            self.session.sql(text).cache().createOrReplaceTempView(name)

    def rows(self, sql: str) -> list[tuple]:
        return [tuple(normalise(v) for v in row) for row in self.session.sql(sql).collect()]

    def close(self):
        pass


def engine():
    """The engine the pages use: Spark when `OPENAMO_ANALYTICS_ENGINE=spark`, else DuckDB."""
    if os.environ.get("OPENAMO_ANALYTICS_ENGINE") == "spark":
        return SparkEngine()
    return DuckDBEngine()
