import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "papers_site.settings")

app = Celery("papers_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
