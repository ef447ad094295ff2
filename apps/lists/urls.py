from django.urls import URLPattern, URLResolver, path

import apps.papers.urls  # noqa: F401  (registers the paper_id path converter)

from .views import items, pages, transfer, votes

app_name = "lists"
urlpatterns: list[URLPattern | URLResolver] = [
    path("lists/", pages.index, name="index"),
    path("lists/new", pages.create, name="create"),
    path("lists/<int:list_id>", pages.detail, name="detail"),
    path("lists/<int:list_id>/edit", pages.edit, name="edit"),
    path("lists/<int:list_id>/delete", pages.delete, name="delete"),
    path("lists/<int:list_id>/share-link", pages.share_reset, name="share_reset"),
    path("lists/<int:list_id>/items/<int:item_id>", items.item, name="item"),
    path("lists/<int:list_id>/reorder", items.reorder, name="reorder"),
    path("lists/<int:list_id>/export", transfer.export, name="export"),
    path("lists/<int:list_id>/import", transfer.import_bibtex, name="import"),
    path("lists/shared/<str:token>", pages.shared, name="shared"),
    path("lists/shared/<str:token>/export", transfer.shared_export, name="shared_export"),
    path("lists/readers/<int:user_id>", pages.reader, name="reader"),
    path("lists/save/<paper_id:public_id>", items.save, name="save"),
    path("lists/menu/<paper_id:public_id>", items.menu, name="menu"),
    path("me/votes", votes.my_votes, name="my_votes"),
]
