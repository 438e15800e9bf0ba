"""What the analysis knows about libraries: the kinds of objects their calls make (boto3
clients, HTTP sessions, DB-API connections, loggers, metrics, paths), the types annotations
name for them, and which of their methods make another such object: data and two look-ups;
`values` applies them to code."""

from __future__ import annotations

import enum


class Kind(enum.Enum):
    BOTO3 = "boto3 client or resource"
    REMOTE = "network client"
    DATABASE = "database connection"
    LOGGER = "logger"
    PATH = "filesystem path"
    SET = "set"
    LISTING = "directory listing"
    METRICS = "metrics publisher"
    CONTEXT_LOGGER = "the context's replay-aware logger"


BOTO3_FACTORIES = frozenset(
    {
        "boto3.client",
        "boto3.resource",
        "boto3.Session",
        "boto3.session.Session",
        "aioboto3.Session",
        "botocore.session.get_session",
    }
)
# Methods of boto3 objects that build another boto3 object without a request.
BOTO3_BUILDERS = frozenset({"client", "resource", "get_paginator", "get_waiter", "create_client"})

REMOTE_FACTORIES = frozenset(
    {
        "requests.Session",
        "requests.session",
        "httpx.Client",
        "httpx.AsyncClient",
        "urllib3.PoolManager",
        "urllib3.HTTPConnectionPool",
        "urllib3.HTTPSConnectionPool",
        "aiohttp.ClientSession",
        "http.client.HTTPConnection",
        "http.client.HTTPSConnection",
        "smtplib.SMTP",
        "smtplib.SMTP_SSL",
        "socket.socket",
        "socket.create_connection",
    }
)

DATABASE_CONNECT = frozenset(
    {
        "sqlite3.connect",
        "psycopg2.connect",
        "psycopg.connect",
        "pymysql.connect",
        "MySQLdb.connect",
        "mysql.connector.connect",
        "pg8000.connect",
        "pg8000.native.Connection",
        "cx_Oracle.connect",
        "oracledb.connect",
        "pyodbc.connect",
        "redshift_connector.connect",
        "snowflake.connector.connect",
        "pymssql.connect",
    }
)

LOGGER_FACTORIES = frozenset(
    {
        "logging.getLogger",
        "logging.Logger",
        "logging.LoggerAdapter",
        "aws_lambda_powertools.Logger",
        "aws_lambda_powertools.logging.Logger",
        "structlog.get_logger",
        "structlog.getLogger",
    }
)
LOGGER_OBJECTS = frozenset({"loguru.logger", "logging.root"})
METRICS_FACTORIES = frozenset(
    {
        "aws_lambda_powertools.Metrics",
        "aws_lambda_powertools.metrics.Metrics",
        "aws_lambda_powertools.metrics.EphemeralMetrics",
        "aws_lambda_powertools.metrics.provider.cloudwatch_emf.cloudwatch.AmazonCloudWatchEMFProvider",
    }
)
# Types named in annotations (parameters, fields, return types) whose objects are known kinds.
ANNOTATED_KINDS = {
    **dict.fromkeys(
        (
            "botocore.client.BaseClient",
            "boto3.resources.base.ServiceResource",
            "boto3.session.Session",
            "boto3.Session",
        ),
        Kind.BOTO3,
    ),
    **dict.fromkeys(
        (
            "requests.Session",
            "requests.sessions.Session",
            "httpx.Client",
            "httpx.AsyncClient",
            "urllib3.PoolManager",
            "aiohttp.ClientSession",
            "smtplib.SMTP",
            "socket.socket",
        ),
        Kind.REMOTE,
    ),
    **dict.fromkeys(("sqlite3.Connection", "sqlite3.Cursor"), Kind.DATABASE),
    **dict.fromkeys(
        (
            "logging.Logger",
            "logging.LoggerAdapter",
            "aws_lambda_powertools.Logger",
            "aws_lambda_powertools.logging.Logger",
            "aws_lambda_powertools.logging.logger.Logger",
        ),
        Kind.LOGGER,
    ),
    **dict.fromkeys(("pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath"), Kind.PATH),
    **dict.fromkeys(METRICS_FACTORIES, Kind.METRICS),
}
# Type-stub packages for boto3 name each service's client and resource types.
BOTO3_STUB_PREFIX = "mypy_boto3_"

PATH_FACTORIES = frozenset({"pathlib.Path", "pathlib.PosixPath", "pathlib.WindowsPath"})
PATH_DERIVING = frozenset(
    {"joinpath", "with_name", "with_suffix", "with_stem", "resolve", "absolute", "expanduser"}
)

LISTINGS = frozenset({"os.listdir", "os.scandir", "glob.glob", "glob.iglob", "os.walk"})
PATH_LISTINGS = frozenset({"iterdir", "glob", "rglob"})
# Calls of libraries that make an object of a known kind.
LIBRARY_FACTORIES: tuple[tuple[frozenset[str], Kind], ...] = (
    (BOTO3_FACTORIES, Kind.BOTO3),
    (REMOTE_FACTORIES, Kind.REMOTE),
    (DATABASE_CONNECT, Kind.DATABASE),
    (LOGGER_FACTORIES, Kind.LOGGER),
    (PATH_FACTORIES, Kind.PATH),
    (METRICS_FACTORIES, Kind.METRICS),
    (frozenset({"set", "frozenset"}), Kind.SET),
    (LISTINGS, Kind.LISTING),
)


def library_call(qualified: str) -> Kind | None:
    for names, kind in LIBRARY_FACTORIES:
        if qualified in names:
            return kind
    return None


def library_method(receiver: Kind, method: str) -> Kind | None:
    if receiver is Kind.BOTO3 and (method in BOTO3_BUILDERS or method[:1].isupper()):
        return Kind.BOTO3
    if receiver is Kind.DATABASE and method == "cursor":
        return Kind.DATABASE
    if receiver is Kind.PATH:
        if method in PATH_DERIVING:
            return Kind.PATH
        if method in PATH_LISTINGS:
            return Kind.LISTING
    if receiver is Kind.LOGGER and method in ("getChild", "bind", "child"):
        return Kind.LOGGER
    return None
