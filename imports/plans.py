"""What an import would do, row by row, before anything is written: the preview and the commit read it."""

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the header as the file spells it ("" when the row as a whole is wrong)
    message: str


@dataclass
class Planned:
    """One record the import would create, update or leave as it is."""

    row: int
    key: Hashable  # what the row was matched by: an institution number, a CVR number, ...
    values: dict[str, Any]  # the record's fields as they would be saved (those the file gives)
    current: Mapping[str, Any] | None = None  # the existing record as passed in (for updates)
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field -> (now, after)


@dataclass
class Plan:
    create: list[Planned] = field(default_factory=list)
    update: list[Planned] = field(default_factory=list)
    unchanged: list[Planned] = field(default_factory=list)
    outside: list[Planned] = field(default_factory=list)  # rows of municipalities the user cannot edit
    errors: list[RowError] = field(default_factory=list)

    @property
    def error_rows(self) -> list[int]:
        return sorted({error.row for error in self.errors})

    @property
    def changes_anything(self) -> bool:
        return bool(self.create or self.update)

    def add(self, planned: Planned, current: Mapping[str, Any] | None) -> None:
        """File the row as a create (no current record), an update or unchanged."""
        if current is None:
            self.create.append(planned)
            return
        planned.current = current
        planned.changes = {
            name: (current.get(name), value)
            for name, value in planned.values.items()
            if current.get(name) != value
        }
        (self.update if planned.changes else self.unchanged).append(planned)


class RowErrors:
    """Collects the errors of one row; `column` names the column as the file spells it."""

    def __init__(self, row: int, headers: Mapping[str, str]):
        self.row, self.headers, self.errors = row, headers, []

    def add(self, key: str, messages) -> None:
        for message in [messages] if isinstance(messages, str) else messages:
            self.errors.append(RowError(self.row, self.headers.get(key, ""), str(message)))

    def check(self, key: str, parse: Callable[..., Any], *args: Any) -> Any:
        """`parse(*args)`, or None with its ValidationError's messages kept as errors of the column."""
        try:
            return parse(*args)
        except ValidationError as error:
            self.add(key, error.messages)
            return None

    def __bool__(self) -> bool:
        return bool(self.errors)
