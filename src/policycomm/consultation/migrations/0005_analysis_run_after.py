from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0004_stable_group_decisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="analysisrun",
            name="run_after",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
