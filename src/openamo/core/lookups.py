"""`field__any=[...]`: membership in a list passed as one array parameter on PostgreSQL
(`= ANY(%s)`), so a chunk of thousands of ids is one parameter, not thousands of placeholders
for the driver to parse; an ordinary IN list elsewhere."""

from django.db.models import Field, ForeignObject, Lookup


class AnyLookup(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return ("%s", [list(value)])

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        if not values:
            return "1 = 0", list(lhs_params)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]


Field.register_lookup(AnyLookup)
ForeignObject.register_lookup(AnyLookup)
