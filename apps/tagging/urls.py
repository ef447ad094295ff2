from django.urls import URLPattern, URLResolver

app_name = "tagging"
urlpatterns: list[URLPattern | URLResolver] = []
