"""The keyed chain: every existing event keeps its plain SHA-256 hash (scheme 1); new events are HMAC-SHA256 (2).

Additive only: one column. The first operation fills the rows already there with 1; the second makes 2 the
default for rows written from now on.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_target_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='scheme',
            field=models.PositiveSmallIntegerField(choices=[(1, 'Sha256'), (2, 'Hmac Sha256')], default=1),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='scheme',
            field=models.PositiveSmallIntegerField(choices=[(1, 'Sha256'), (2, 'Hmac Sha256')], default=2),
        ),
    ]
