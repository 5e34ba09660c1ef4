"""School years run from 1 August to 31 July; "2025/26" starts on 1 August 2025."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from brasite.lib.digits import is_digits


@dataclass(frozen=True)
class SchoolYear:
    start_year: int

    @classmethod
    def containing(cls, day: datetime.date) -> "SchoolYear":
        return cls(day.year if day.month >= 8 else day.year - 1)

    @classmethod
    def current(cls) -> "SchoolYear":
        return cls.containing(timezone.localdate())

    @classmethod
    def parse(cls, label: str) -> "SchoolYear | None":
        """Read "2025/26" or "2025"; None when the text is not a school year."""
        head = label.split("/", 1)[0].strip()
        if len(head) == 4 and is_digits(head) and 1990 <= int(head) <= 2100:
            return cls(int(head))
        return None

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.start_year, 8, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.start_year + 1, 7, 31)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    def __str__(self):
        return self.label

    def previous(self, count: int) -> list["SchoolYear"]:
        """This school year and the `count - 1` before it, oldest first."""
        return [SchoolYear(self.start_year - offset) for offset in reversed(range(count))]
