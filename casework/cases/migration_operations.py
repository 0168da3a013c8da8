"""Operations shared by the migrations of casework.cases."""

from django.db.migrations.operations.base import Operation


class PostgreSQLOnly(Operation):
    """Run the wrapped operations on PostgreSQL, do nothing elsewhere (SQLite).

    Database-only: the trigram indexes are not in the models' state, so SQLite never sees
    them and makemigrations has nothing to add.
    """

    reduces_to_sql = False
    reversible = True

    def __init__(self, *operations):
        self.operations = operations

    def deconstruct(self):
        return self.__class__.__qualname__, self.operations, {}

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            for operation in self.operations:
                operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            for operation in reversed(self.operations):
                operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return "On PostgreSQL only: " + "; ".join(o.describe() for o in self.operations)
