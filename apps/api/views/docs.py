"""The API docs page: Swagger UI (self-hosted) under the site's Content-Security-Policy.

The split view serves Swagger UI's init script from `?script` instead of inline.
drf-spectacular's page keeps one small inline <style>: this page's policy allows
exactly that block, by its hash (read from the template, so an upgrade that
changes it stays allowed), and nothing else inline.
"""

import base64
import hashlib
import re
from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.template import Engine
from drf_spectacular.views import SpectacularSwaggerSplitView


@cache
def inline_style_hashes(template_name: str) -> list[str]:
    source = Engine.get_default().get_template(template_name).source
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()}'"
        for css in re.findall(r"<style>(.*?)</style>", source, flags=re.DOTALL)
    ]


class ApiDocsView(SpectacularSwaggerSplitView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = super().dispatch(request, *args, **kwargs)
        # What django-csp's csp_update decorator sets: added to the policy for this response.
        hashes = inline_style_hashes(self.template_name)
        response._csp_update = {"style-src": hashes}  # type: ignore[attr-defined]
        return response
