from django.urls import URLPattern, URLResolver

app_name = "annotations"
urlpatterns: list[URLPattern | URLResolver] = []
