from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """Benchmark commands: production apps never import this one."""

    name = "apps.benchmarks"
