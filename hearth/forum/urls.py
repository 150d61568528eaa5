from django.urls import path

from hearth.forum import views

app_name = "forum"

G = "groups/<uuid:group_id>/"
urlpatterns = [
    path(G + "forum/", views.forum_index, name="index"),
    path(G + "forum/new/", views.new_thread, name="new_thread"),
    path(G + "forum/preferences/", views.preferences, name="preferences"),
    path(G + "forum/settings/", views.forum_settings, name="settings"),
    path(G + "forum/<uuid:thread_id>/", views.thread, name="thread"),
    path(G + "forum/<uuid:thread_id>/reply/", views.reply, name="reply"),
    path(G + "forum/<uuid:thread_id>/flags/", views.thread_flags, name="thread_flags"),
    path(G + "forum/<uuid:thread_id>/vote/", views.vote, name="vote"),
    path(G + "forum/posts/<uuid:post_id>/", views.post_detail, name="post"),
    path(G + "forum/posts/<uuid:post_id>/edit/", views.edit_post, name="edit_post"),
    path(G + "forum/posts/<uuid:post_id>/delete/", views.delete_post, name="delete_post"),
    path(G + "forum/posts/<uuid:post_id>/react/", views.react, name="react"),
    path(G + "forum/posts/<uuid:post_id>/reveal/", views.reveal_author, name="reveal_author"),
    path(G + "forum/reveals/", views.reveal_history, name="reveal_history"),
    path(G + "forum/posts/<uuid:post_id>/report/", views.report_post, name="report_post"),
    path(G + "forum/images/<uuid:image_id>/", views.image, name="image"),
    path(G + "resources/", views.resources, name="resources"),
    path(G + "resources/<uuid:resource_id>/", views.resource_document, name="resource_document"),
    path(G + "resources/<uuid:resource_id>/delete/", views.delete_resource, name="delete_resource"),
    path("search/", views.search, name="search"),
]
