"""The load benchmark (`make bench`): scenarios, the locust driver, the figures.

Nothing here imports Django at module level where the driver needs it not to:
`driver` runs in its own process under gevent, and imports only `scenarios`.
"""
