from django.urls import URLPattern, URLResolver

app_name = "recommend"
urlpatterns: list[URLPattern | URLResolver] = []
