"""Ratings and feedback move to the ``feedback`` app (shared by the portal and the back office's
feedback desk). Only Django's model state moves: the tables stay as they are, with their data
(``portal_rating``, ``portal_feedback``, now named in ``feedback.models``)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="rating", name="dossier"),
                migrations.DeleteModel(name="Feedback"),
                migrations.DeleteModel(name="Rating"),
            ],
            database_operations=[],
        ),
    ]
