from django.contrib import admin
from django.urls import include, path

from apps.core.views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("apps.papers.urls")),
    # --- reader's site (issue 4): accounts ---
    path("accounts/", include("apps.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # --- end reader's site ---
]

# --- REST API and personal API tokens (issue 5) ---
urlpatterns += [
    path("api/", include("apps.api.urls")),
    path("accounts/tokens/", include("apps.accounts.token_urls")),
]
# --- end REST API ---
