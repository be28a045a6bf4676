"""Queries whose SQL Django compiles once per process instead of on every request.

Django compiles a queryset anew each time it runs: for a candidacy, the ninety columns of the
candidacy and its page, the joins, every condition (thousands of Python calls, more than a
millisecond of CPU, for a query PostgreSQL answers in a tenth of one). A public profile that no
cache has kept runs two such queries whose text never changes, only their values: the
candidacy at a path and its consented identity badges. A `PrecompiledQuery` builds its
queryset once with a marker for each value, keeps the SQL, and later runs it with the real
values, reading the rows as Django would (the same converters, the same model instances).

Where the markers do not come out as the query's parameters one for one (a lookup that
transforms its value, such as `icontains`, or a marker Django folded into the SQL), the
queryset is built and run by the ORM every time, as before: correct, only slower.
"""

import datetime

from django.apps import apps
from django.db import connections, router

_DAY = datetime.timedelta(days=1)


class PrecompiledQuery:
    """`build(**values)` returns a queryset of `model` (a model or "app_label.Model", looked up
    on first use: a query can be declared beside the models it reads); `rows(**values)` or
    `instances(**values)` run it. Values are ints, strings or dates.

    `variant` names whatever else shapes the SQL that is not a value (the view restrictions a
    condition is built from, say): each variant is compiled once, and a new one when it changes.
    """

    def __init__(self, model, build):
        self._model = model
        self.build = build
        # (database alias, value names and types, variant) → _Compiled, or None for the ORM
        self._compiled = {}

    @property
    def model(self):
        if isinstance(self._model, str):
            self._model = apps.get_model(self._model)
        return self._model

    def instances(self, variant=(), **values):
        """The model instances the queryset (no values(), no select_related) would give."""
        compiled, alias = self._for(values, variant)
        if compiled is None or compiled.attnames is None:
            return list(self._queryset(alias, values))
        return [
            self.model.from_db(alias, compiled.attnames, row) for row in compiled.run(alias, values)
        ]

    def rows(self, variant=(), **values):
        """The tuples a `values_list()` of plain fields would give, in its SELECT's order."""
        compiled, alias = self._for(values, variant)
        if compiled is None:
            return list(self._queryset(alias, values))
        return compiled.run(alias, values)

    def _queryset(self, alias, values):
        return self.build(**values).using(alias)

    def _for(self, values, variant):
        alias = router.db_for_read(self.model)
        # The values' types are part of the key: a None compiles to IS NULL, not to a parameter,
        # so a call with None never runs SQL compiled for a value, nor the other way round.
        key = (alias, tuple(sorted((name, type(value)) for name, value in values.items())), variant)
        try:
            return self._compiled[key], alias
        except KeyError:
            compiled = self._compiled[key] = _compile(self._queryset, alias, values)
            return compiled, alias


class _Compiled:
    def __init__(self, sql, slots, converters, attnames):
        self.sql = sql
        self.slots = slots  # per parameter: (value name, prepare) or (None, constant)
        self.converters = converters  # [(column index, [converter functions], expression)]
        self.attnames = attnames

    def run(self, alias, values):
        params = [
            prepare(values[name]) if name is not None else prepare for name, prepare in self.slots
        ]
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if not self.converters:
            return [tuple(row) for row in rows]
        converted = []
        for row in rows:
            row = list(row)
            for index, functions, expression in self.converters:
                value = row[index]
                for function in functions:
                    value = function(value, expression, connection)
                row[index] = value
            converted.append(tuple(row))
        return converted


def _marker(index, name, value):
    """A value no real row holds, of the same type as `value`."""
    if isinstance(value, bool):
        return None  # True/False are folded into the SQL by some lookups: not a safe marker
    if isinstance(value, int):
        return 2_000_000_000 + index  # within any integer column, never a real key or depth
    if isinstance(value, str):
        return f"conoceles-marker-{index}-{name}"
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return datetime.date(1001, 1, 1) + index * _DAY
    return None


def _compile(queryset_for, alias, values):
    markers = {}
    for index, (name, value) in enumerate(sorted(values.items())):
        marker = _marker(index, name, value)
        if marker is None:
            return None
        markers[name] = marker
    try:
        queryset = queryset_for(alias, markers)
        compiler = queryset.query.get_compiler(alias)
        sql, params = compiler.as_sql()
    except Exception:  # noqa: BLE001 - any surprise: the ORM runs it every time, as before
        return None
    slots = []
    for param in params:
        slot = _slot(param, markers)
        if slot is None:
            return None
        slots.append(slot)
    if {name for name, _ in slots if name is not None} != set(values):
        return None
    select = [column for column, _, _ in compiler.select]
    converters = [
        (index, functions, expression)
        for index, (functions, expression) in compiler.get_converters(select).items()
    ]
    attnames = None  # instances() of a query with select_related or annotations: the ORM's
    klass_info = compiler.klass_info or {}
    if not klass_info.get("related_klass_infos") and not compiler.annotation_col_map:
        attnames = [column.target.attname for column in select]
    return _Compiled(sql, slots, converters, attnames)


def _slot(param, markers):
    """(value name, how to prepare it) for a marker's parameter, (None, param) for a constant
    the query always has, or None when a marker came out transformed."""
    for name, marker in markers.items():
        if type(param) is type(marker) and param == marker:
            return name, _same
        if isinstance(marker, int) and isinstance(param, int) and param == marker:
            return name, type(param)  # psycopg's typed integers (Int4): the same type again
        if not isinstance(marker, str) and param == str(marker):
            return name, str  # SQLite's dates travel as ISO strings
        if isinstance(param, str) and isinstance(marker, str) and marker in param:
            return None  # `contains`, `startswith`…: the value is wrapped, not passed as is
    return None, param


def _same(value):
    return value
