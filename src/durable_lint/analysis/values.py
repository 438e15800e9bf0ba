"""What kind of object a local name holds, from the expression it was assigned.

Rules ask this of call receivers: `table.put_item(...)` is a remote call only when `table` came
from boto3, `logger.info(...)` repeats on replay only when `logger` is a stdlib/powertools logger.
"""

from __future__ import annotations

import ast
import enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from durable_lint.analysis.site import Site


class Kind(enum.Enum):
    BOTO3 = "boto3 client or resource"
    REMOTE = "network client"
    DATABASE = "database connection"
    LOGGER = "logger"
    PATH = "filesystem path"
    SET = "set"
    LISTING = "directory listing"


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

PATH_FACTORIES = frozenset({"pathlib.Path", "pathlib.PosixPath", "pathlib.WindowsPath"})
PATH_DERIVING = frozenset(
    {"joinpath", "with_name", "with_suffix", "with_stem", "resolve", "absolute", "expanduser"}
)

LISTINGS = frozenset({"os.listdir", "os.scandir", "glob.glob", "glob.iglob", "os.walk"})
PATH_LISTINGS = frozenset({"iterdir", "glob", "rglob"})


def value_kind(node: ast.expr, site: Site) -> Kind | None:
    """The kind of object `node` evaluates to, when the module says so plainly; computed once
    per node and scope, since several rules ask it of the same receiver."""
    cache = site.model.value_kinds
    key = (id(node), id(site.scope))
    if key not in cache:
        cache[key] = _value_kind(node, site, 0)
    return cache[key]


def _value_kind(node: ast.expr, site: Site, depth: int) -> Kind | None:
    if depth > 8:
        return None
    if isinstance(node, ast.Name):
        return _name_kind(node.id, site, depth)
    if isinstance(node, (ast.Set, ast.SetComp)):
        return Kind.SET
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        if _value_kind(node.left, site, depth + 1) is Kind.PATH:
            return Kind.PATH
        return None
    if isinstance(node, ast.Attribute):
        qualified = site.qualify(node)
        if qualified in LOGGER_OBJECTS:
            return Kind.LOGGER
        if node.attr == "parent" and _value_kind(node.value, site, depth + 1) is Kind.PATH:
            return Kind.PATH
        return None
    if isinstance(node, ast.Await):
        return _value_kind(node.value, site, depth + 1)
    if isinstance(node, ast.Call):
        return _call_kind(node, site, depth)
    return None


def _call_kind(node: ast.Call, site: Site, depth: int) -> Kind | None:
    qualified = site.qualify(node.func)
    if qualified is not None:
        if qualified in BOTO3_FACTORIES:
            return Kind.BOTO3
        if qualified in REMOTE_FACTORIES:
            return Kind.REMOTE
        if qualified in DATABASE_CONNECT:
            return Kind.DATABASE
        if qualified in LOGGER_FACTORIES:
            return Kind.LOGGER
        if qualified in PATH_FACTORIES:
            return Kind.PATH
        if qualified in ("set", "frozenset"):
            return Kind.SET
        if qualified in LISTINGS:
            return Kind.LISTING
        return None
    if not isinstance(node.func, ast.Attribute):
        return None
    method = node.func.attr
    receiver = _value_kind(node.func.value, site, depth + 1)
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


def _name_kind(name: str, site: Site, depth: int) -> Kind | None:
    found = site.model.lookup_assigned(name, site.scope)
    if found is None:
        return None
    scope, values = found
    inner = site.at(scope)
    for value in values:
        kind = _value_kind(value, inner, depth + 1)
        if kind is not None:
            return kind
    return None
