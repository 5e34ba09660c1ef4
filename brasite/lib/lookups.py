"""`__in` on integer columns ignores numbers outside the column's range, as Django's own exact and
comparison lookups do since 5.0: a pasted id of 20 digits matches nothing instead of failing in the
database driver (SQLite raises OverflowError, PostgreSQL an out-of-range error)."""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
