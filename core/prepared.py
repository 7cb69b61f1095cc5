"""Reads made on every public request run SQL that Django compiled once per process.

Django compiles a queryset anew for each query: for a page read as its own type (two or three joined tables, ≈ 30
columns) that is ≈ 1 ms of Python, several times what PostgreSQL takes to answer it. `prepared_read` compiles what
`build(shape, *values)` returns once per `shape` (everything that changes the SQL's text: the model, the number of ids in
an IN list...), with stand-in values, and then runs that SQL with each request's values. Rows are turned into what the
queryset itself gives (model instances with their `select_related` objects, dicts or tuples, through the same database
converters) and are read fresh every time: only the SQL's text is reused.

On PostgreSQL each statement is also prepared on the connection that runs it: PostgreSQL took as long to plan a
listing's query as to run it, and a persistent connection (`CONN_MAX_AGE`) plans it once.
"""

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

import psycopg
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, ValuesIterable, ValuesListIterable, get_related_populators
from psycopg.types.numeric import Int8

FIRST_INT_MARKER = -2_000_000_000  # stand-in values no row holds (ints fit PostgreSQL's integer)
STR_MARKER = "\x00prepared-{}"


@dataclass(frozen=True)
class _Statement:
    sql: str
    params: tuple[tuple[int | None, Any], ...]  # per parameter: the index of the request's value, or None and a constant
    using: str
    converters: tuple[tuple[int, tuple, Any], ...]  # (column, converters, expression), as Django's compiler applies them
    model: type | None  # model instances are built for a model queryset
    init_list: tuple[str, ...]
    model_columns: slice  # the model's own columns of a row; the rest belong to `populators`
    populators: tuple  # Django's RelatedPopulators of `select_related` (stateless between rows: peers are not tracked)
    names: tuple[str, ...] | None  # dicts with these keys for `values`; otherwise tuples (`values_list`)
    fetch_mode: Any


def prepared_read(build: Callable[..., QuerySet], shape: Hashable, values: Sequence[int | str]) -> list:
    """`list(build(shape, *values))`, with the SQL compiled once per process for `build`, `shape` and the values' types."""
    statement = _statements(build)(shape, tuple(type(value) for value in values))
    params = [constant if index is None else _like(constant, values[index]) for index, constant in statement.params]
    connection = connections[statement.using]
    if connection.vendor == "postgresql":
        # psycopg types an int by its size (smallint, integer, bigint) and keys prepared statements by those types:
        # one type for every int keeps one statement per shape, whatever ids an IN list mixes.
        params = [Int8(param) if type(param) is int else param for param in params]
    with prepared_cursor(connection) as cursor:
        cursor.execute(statement.sql, params)
        rows = cursor.fetchall()
    if statement.converters:
        rows = [_converted(row, statement.converters, connection) for row in rows]
    if statement.names is not None:
        return [dict(zip(statement.names, row, strict=True)) for row in rows]
    if statement.model is None:
        return [tuple(row) for row in rows]
    return [_instance(statement, row) for row in rows]


def _instance(statement: _Statement, row):
    instance = statement.model.from_db(statement.using, statement.init_list, row[statement.model_columns], fetch_mode=statement.fetch_mode)
    for populator in statement.populators:
        populator.populate(row, instance)  # the instances of `select_related`, set on `instance` as Django sets them
    return instance


def prepared_cursor(connection):
    """Django's cursor, or on PostgreSQL one that binds the values on the server, so that the statement can be prepared:
    for `prepared_read`, and for other hot statements whose SQL text never changes (a survey's inserts, the session).

    Django's cursors write the values into the SQL text (not all the ORM's SQL can be prepared), so PostgreSQL parses
    and plans every query anew. `prepared_read`'s SQL is fixed per shape and its values are ints and strings, which
    bind as parameters; psycopg prepares a statement the first time a connection runs it and keeps the most recently
    used ones (the connection's `prepare_threshold`, set by `DATABASE_PREPARED_STATEMENTS`; off, nothing is prepared).
    """
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(psycopg.Cursor(connection.connection))


def _like(marker, value):
    """`value` in the type the backend gave the stand-in (e.g. psycopg's Int4), so it is sent the same way."""
    return value if type(marker) in (int, str) else type(marker)(value)


def _converted(row, converters, connection) -> list:
    row = list(row)
    for position, functions, expression in converters:
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return row


STATEMENTS_PER_READ = 256  # the most recently used shapes kept per `build` (a listing has one per filter shape and page)
_compiled: dict[Callable, Callable] = {}


def _statements(build: Callable[..., QuerySet]) -> Callable[[Hashable, tuple[type, ...]], _Statement]:
    """`build`'s own cache of compiled statements, so that shapes without end (pages, dates) of one read cannot push
    another read's few statements (routing) out."""
    statements = _compiled.get(build)
    if statements is None:
        statements = _compiled.setdefault(build, lru_cache(maxsize=STATEMENTS_PER_READ)(partial(_compile, build)))
    return statements


def _compile(build: Callable[..., QuerySet], shape: Hashable, types: tuple[type, ...]) -> _Statement:
    if not set(types) <= {int, str}:
        raise TypeError(f"{build.__qualname__}: values must be ints or strings, not {types}")
    markers = [FIRST_INT_MARKER + index if kind is int else STR_MARKER.format(index) for index, kind in enumerate(types)]
    queryset = build(shape, *markers)
    compiler = queryset.query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    slots = []
    for param in params:
        index = next((index for index, marker in enumerate(markers) if isinstance(param, type(marker)) and param == marker), None)
        slots.append((index, param))
    if {index for index, _ in slots if index is not None} != set(range(len(markers))):
        raise ValueError(f"{build.__qualname__}: every value must reach the SQL unchanged (an exact or IN lookup)")
    fields = [column[0] for column in compiler.select[: compiler.col_count]]
    converters = tuple((position, tuple(functions), expression) for position, (functions, expression) in compiler.get_converters(fields).items())
    model, init_list, names, model_columns, populators = None, (), None, slice(None), ()
    query = queryset.query
    if queryset._iterable_class is ValuesIterable:
        names = tuple(query.selected or (*query.extra_select, *query.values_select, *query.annotation_select))
    elif queryset._iterable_class is ModelIterable:
        info = compiler.klass_info
        if compiler.annotation_col_map or queryset._fetch_mode.track_peers:
            raise ValueError(f"{build.__qualname__}: only plain model, values or values_list querysets can be prepared")
        model = info["model"]
        model_columns = slice(info["select_fields"][0], info["select_fields"][-1] + 1)
        init_list = tuple(column[0].target.attname for column in compiler.select[model_columns])
        populators = tuple(get_related_populators(info, compiler.select, queryset.db, queryset._fetch_mode))
    elif queryset._iterable_class is not ValuesListIterable:
        raise ValueError(f"{build.__qualname__}: only plain model, values or values_list querysets can be prepared")
    return _Statement(sql, tuple(slots), queryset.db, converters, model, init_list, model_columns, populators, names, queryset._fetch_mode)


def sql_names(model, *fields: str) -> list[str]:
    """`model`'s table and the columns of `fields`, quoted for hand-written SQL (the same quoting on PostgreSQL and
    SQLite): plain statements name what the model names, so a renamed column cannot leave one behind."""
    quote = connections["default"].ops.quote_name
    return [quote(model._meta.db_table), *(quote(model._meta.get_field(name).column) for name in fields)]
