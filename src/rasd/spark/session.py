"""A Spark session for the jobs: ``local[*]`` by default, any master URL, or whatever spark-submit set."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping

from rasd.spark import INSTALL_HINT, SparkUnavailable, require_pyspark

LOCAL_CONFIG = {
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.session.timeZone": "UTC",
    # one Python worker per core, kept for the next task: the lexicons and gazetteer load once per worker
    "spark.python.worker.reuse": "true",
}


def java_available() -> bool:
    """Whether a Java runtime is on the PATH (or ``$JAVA_HOME``), which PySpark needs to start Spark."""
    home = os.environ.get("JAVA_HOME")
    if home and os.path.exists(os.path.join(home, "bin", "java")):
        return True
    return shutil.which("java") is not None


def start(master: str | None = None, app: str = "rasd", config: Mapping[str, str] | None = None):
    """The active session or a new one. ``master`` None keeps what ``spark-submit`` (or
    ``spark.master``) set, else ``local[*]``. Local Python workers run this interpreter, so they import
    the same rasd (a cluster's executors need rasd installed: see the README)."""
    require_pyspark()
    if not java_available():
        raise SparkUnavailable(f"Spark needs a Java runtime (java is not on the PATH): {INSTALL_HINT}")
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app)
    if master is None and "PYSPARK_GATEWAY_PORT" not in os.environ:  # not under spark-submit
        master = "local[*]"
    if master:
        builder = builder.master(master)
    if master and master.startswith("local"):
        # everything stays on this machine: loopback only, and the workers run this interpreter
        builder = builder.config("spark.driver.host", "127.0.0.1").config(
            "spark.driver.bindAddress", "127.0.0.1"
        )
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    for key, value in {**LOCAL_CONFIG, **(config or {})}.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark
