from django.urls import URLPattern, URLResolver

app_name = "curation"
urlpatterns: list[URLPattern | URLResolver] = []
