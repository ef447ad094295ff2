from django.db import models
from django.utils.deconstruct import deconstructible


@deconstructible(path="apps.papers.expressions.UtcDate")
class UtcDate(models.Func):
    """The UTC calendar date of a timestamptz; immutable, so usable in generated columns."""

    template = "((%(expressions)s) AT TIME ZONE 'UTC')::date"
    output_field = models.DateField()
