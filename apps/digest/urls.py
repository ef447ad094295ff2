from django.urls import URLPattern, URLResolver, path

from . import feeds
from .views import feeds as feed_views
from .views import staff, subscriptions

app_name = "digest"

FEEDS = [
    ("daily", "daily", feeds.DailyPicksFeed),
    ("trending", "trending", feeds.TrendingFeed),
    ("tag", "tags/<slug:slug>", feeds.TagFeed),
    ("category", "categories/<str:code>", feeds.CategoryFeed),
    ("search", "search", feeds.SearchFeed),
    ("list", "lists/<int:list_id>", feeds.ReadingListFeed),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("digest/settings", subscriptions.settings_page, name="settings"),
    path("digest/settings/unsubscribe", subscriptions.unsubscribe_me, name="unsubscribe_me"),
    path("digest/preview", subscriptions.preview, name="preview"),
    path("digest/subscribe", subscriptions.subscribe, name="subscribe"),
    path("digest/confirm/<str:token>", subscriptions.confirm, name="confirm"),
    path("digest/unsubscribe/<str:token>", subscriptions.unsubscribe, name="unsubscribe"),
    path("digest/sends", staff.sends, name="sends"),
]
for name, route, feed in FEEDS:
    urlpatterns += [
        path(f"feeds/{route}/rss", feed_views.cached_feed(feed()), name=f"feed-{name}-rss"),
        path(
            f"feeds/{route}/atom",
            feed_views.cached_feed(feeds.atom_of(feed)()),
            name=f"feed-{name}-atom",
        ),
    ]
