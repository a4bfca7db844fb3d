"""Fast bulk inserts for generated data: rows as plain tuples, COPY on PostgreSQL, executemany on SQLite.

`Model.objects.bulk_create` spends most of its time building model instances and SQL (about 50 µs a row); at
national scale (millions of journal entries and audit events) that dominates. `insert` skips the ORM: the
caller gives field names and tuples; missing fields get their model default; dates, date-times and JSON are
converted the way Django would. Ids are reserved up front (PostgreSQL: from the sequence; SQLite: above the
highest id, safe because SQLite transactions here take the write lock when they begin), so the caller knows
the id of every row it inserted without a RETURNING round trip.

Use it for generated data only: it bypasses `save()`, signals and validation by design.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone


def _sqlite_datetime(value: datetime | None) -> str | None:
    # What Django's SQLite backend stores: naive UTC, "YYYY-MM-DD HH:MM:SS[.ffffff]".
    if value is None:
        return None
    if timezone.is_aware(value):
        value = value.astimezone(UTC).replace(tzinfo=None)
    return str(value)


def _converter(field: models.Field) -> Callable[[Any], Any] | None:
    """How a Python value of this field becomes what the driver takes (None: as it is)."""
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        return lambda v: None if v is None else json.dumps(v, cls=encoder)
    if connection.vendor == "postgresql":
        return None  # psycopg adapts dates, date-times, UUIDs and decimals itself
    if isinstance(field, models.DateTimeField):
        return _sqlite_datetime
    if type(field) is models.DateField:  # what Django stores: ISO format (cheaper than get_db_prep_save)
        return lambda v: None if v is None else v.isoformat()
    if isinstance(field, (models.DateField, models.TimeField, models.UUIDField, models.DecimalField)):
        return lambda v: field.get_db_prep_save(v, connection)
    return None


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[models.Field]:
    by_name = {f.attname: f for f in model._meta.concrete_fields} | {f.name: f for f in model._meta.concrete_fields}
    try:
        return [by_name[name] for name in fields]
    except KeyError as exc:
        raise ValueError(f"{model.__name__} has no field {exc.args[0]!r}") from exc


def _fillers(
    model: type[models.Model], given: Sequence[models.Field], now: datetime
) -> list[tuple[models.Field, Callable[[], Any]]]:
    """Model fields the caller did not give, with how to fill each (its default, or now for auto_now_add)."""
    fillers: list[tuple[models.Field, Callable[[], Any]]] = []
    given_set = set(given)
    for field in model._meta.concrete_fields:
        if field in given_set or field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            fillers.append((field, lambda: now))
        elif field.has_default() and callable(field.default):
            fillers.append((field, field.get_default))
        else:
            fillers.append((field, _constant(field.get_default())))
    return fillers


def _constant(value: Any) -> Callable[[], Any]:
    return lambda: value


def _column(field: models.Field) -> str:
    if field.column is None:  # cannot happen: only concrete fields are written, and each has a column
        raise ValueError(f"{field} has no column")
    return field.column


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys for `model`, to be used inside the current transaction."""
    if count <= 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, count]
            )
            return [row[0] for row in cursor.fetchall()]
        if not connection.in_atomic_block:
            raise RuntimeError("reserve_ids on SQLite must run inside transaction.atomic (it holds the write lock)")
        cursor.execute(f'SELECT COALESCE(MAX("{pk}"), 0) FROM "{table}"')  # noqa: S608 - names from the model
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = %s", [table])
        highest = max(highest, cursor.fetchone()[0])
    return list(range(highest + 1, highest + 1 + count))


def insert(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    with_ids: bool = False,
) -> list[int]:
    """Insert `rows` (tuples in the order of `fields`) into `model`'s table; return their ids if `with_ids`.

    With `with_ids` the ids are reserved first and written explicitly, so `result[i]` is the id of `rows[i]`.
    """
    if not rows:
        return []
    now = timezone.now()
    given = _columns(model, fields)
    fillers = _fillers(model, given, now)
    ids: list[int] = []
    if with_ids:
        ids = reserve_ids(model, len(rows))
        given = [model._meta.pk, *given]
    all_fields = given + [f for f, _ in fillers]
    prepare = [(i, conv) for i, f in enumerate(all_fields) if (conv := _converter(f)) is not None]

    def full_rows() -> Any:
        for n, row in enumerate(rows):
            values = [ids[n], *row] if with_ids else list(row)
            values.extend(fill() for _, fill in fillers)
            for i, convert in prepare:
                values[i] = convert(values[i])
            yield values

    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(_column(f)) for f in all_fields)
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in full_rows():
                    copy.write_row(values)
        else:
            placeholders = ", ".join(["%s"] * len(all_fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", full_rows())  # noqa: S608
    return ids


def insert_with_history(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    history_dates: Sequence[datetime],
) -> list[int]:
    """Insert rows of a model with django-simple-history, plus one "created" history row each; return ids."""
    ids = insert(model, fields, rows, with_ids=True)
    history = model.history.model  # type: ignore[attr-defined]
    tracked = [f.attname for f in history.tracked_fields]
    position = {name: i for i, name in enumerate(("id", *fields))}
    source = {f.attname: f.name for f in model._meta.concrete_fields}
    picks: list[int | None] = []
    for name in tracked:
        if name in position:
            picks.append(position[name])
        elif source.get(name) in position:
            picks.append(position[source[name]])
        else:
            picks.append(None)  # filled with the model default by `insert`
    kept = [name for name, pick in zip(tracked, picks, strict=True) if pick is not None]
    history_rows = []
    for n, row in enumerate(rows):
        full = (ids[n], *row)
        history_rows.append((*(full[p] for p in picks if p is not None), history_dates[n], "+", None))
    insert(history, [*kept, "history_date", "history_type", "history_change_reason"], history_rows)
    return ids


def insert_objects(objs: Sequence[models.Model], *, history_dates: Sequence[datetime] | None = None) -> list[int]:
    """Insert unsaved instances of one model (built as for `bulk_create`) through `insert`; set and return pks.

    Handy where a step builds realistic instances with the model's own defaults and properties; the instances
    are only read (`attname` values; `auto_now(_add)` fields get now). With `history_dates` (models with
    django-simple-history) each row also gets its "created" history row, dated as given.
    """
    if not objs:
        return []
    model = type(objs[0])
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    stamped = {f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)}
    names = [f.attname for f in fields]
    rows = [
        tuple(
            (now if getattr(obj, name) is None else getattr(obj, name)) if name in stamped else getattr(obj, name)
            for name in names
        )
        for obj in objs
    ]
    if history_dates is not None:
        ids = insert_with_history(model, names, rows, history_dates=history_dates)
    else:
        ids = insert(model, names, rows, with_ids=True)
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = "default"
    return ids
