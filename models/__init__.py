"""Peewee models, the database handle, migrations and input schemas. No Textual here."""
