"""Who may read which rows: one rule for every model that belongs to a municipality."""

from django.db import models


class VisibleQuerySet(models.QuerySet):
    """`visible_to(user)`: the rows of the municipalities the user may read; for others they do not exist.

    `municipality_path` leads from the model to its municipality. A company user sees only the rows of
    its own company when `company_path` leads to one, and nothing otherwise.
    """

    municipality_path = "municipality"
    company_path: str | None = None

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.sees_all_municipalities:
            return self
        if user.is_company_user:
            if self.company_path is None:
                return self.none()
            return self.filter(**{self.company_path: user.company_id})
        return self.in_municipalities(user.visible_municipality_ids)

    def in_municipalities(self, municipalities):
        """The rows belonging to the municipalities (pks or a queryset of them)."""
        return self.filter(**{f"{self.municipality_path}__in": municipalities})
