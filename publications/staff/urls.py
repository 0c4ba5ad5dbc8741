"""Coordinators' publication pages under /publications/ (members read; coordinators change)."""

from django.urls import path

from . import editing, guard_marks, public_texts, register, upload_pages, views

app_name = "publications"
urlpatterns = [
    path("", views.publication_list, name="list"),
    path("start/<int:case_id>/", views.publication_start, name="start"),
    path("new/", views.publication_new, name="new"),
    path("<int:pk>/", views.publication_detail, name="detail"),
    path("<int:pk>/details/", editing.publication_details, name="details"),
    path("<int:pk>/sections/add/", editing.section_new, name="section_new"),
    path("<int:pk>/sections/<int:section_id>/", editing.section_edit, name="section_edit"),
    path("<int:pk>/sections/<int:section_id>/remove/", editing.section_remove, name="section_remove"),
    path(
        "<int:pk>/sections/<int:section_id>/move/<str:direction>/", editing.section_move, name="section_move"
    ),
    path("<int:pk>/report/", editing.report_upload, name="report_upload"),
    path("<int:pk>/pages/<int:number>/", upload_pages.upload_page, name="upload_page"),
    path("<int:pk>/pages/<int:number>/image.png", upload_pages.upload_page_image, name="upload_page_image"),
    path("<int:pk>/family/", editing.family, name="family"),
    path("<int:pk>/terms/", editing.protected_terms, name="terms"),
    path("<int:pk>/terms/<int:term_id>/remove/", editing.term_remove, name="term_remove"),
    path("<int:pk>/hits/mark/", guard_marks.hit_mark, name="hit_mark"),
    path("<int:pk>/hits/<int:mark_id>/confirm/", guard_marks.hit_confirm, name="hit_confirm"),
    path("<int:pk>/hits/<int:mark_id>/unmark/", guard_marks.hit_unmark, name="hit_unmark"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/unschedule/", views.unschedule, name="unschedule"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("key-messages/", public_texts.key_messages_list, name="key_messages"),
    path("key-messages/new/", public_texts.key_messages_edit, name="key_messages_new"),
    path("key-messages/<int:year>/", public_texts.key_messages_edit, name="key_messages_edit"),
    path("key-messages/<int:year>/publish/", public_texts.key_messages_publish, name="key_messages_publish"),
    path(
        "key-messages/<int:year>/unpublish/",
        public_texts.key_messages_unpublish,
        name="key_messages_unpublish",
    ),
    path("register/", register.register_search, name="register"),
    path("national-learning/", public_texts.links_list, name="links"),
    path("national-learning/new/", public_texts.link_edit, name="link_new"),
    path("national-learning/<int:pk>/", public_texts.link_edit, name="link_edit"),
    path("national-learning/<int:pk>/publish/", public_texts.link_publish, name="link_publish"),
    path("national-learning/<int:pk>/unpublish/", public_texts.link_unpublish, name="link_unpublish"),
    path("national-learning/<int:pk>/remove/", public_texts.link_remove, name="link_remove"),
    # "Not identifying" marks on the guard's hits in key messages and links (issue 14 §4).
    path(
        "key-messages/<int:year>/hits/mark/", public_texts.key_messages_hit_mark, name="key_messages_hit_mark"
    ),
    path(
        "key-messages/<int:year>/hits/<int:mark_id>/confirm/",
        public_texts.key_messages_hit_confirm,
        name="key_messages_hit_confirm",
    ),
    path(
        "key-messages/<int:year>/hits/<int:mark_id>/unmark/",
        public_texts.key_messages_hit_unmark,
        name="key_messages_hit_unmark",
    ),
    path("national-learning/<int:pk>/hits/mark/", public_texts.link_hit_mark, name="link_hit_mark"),
    path(
        "national-learning/<int:pk>/hits/<int:mark_id>/confirm/",
        public_texts.link_hit_confirm,
        name="link_hit_confirm",
    ),
    path(
        "national-learning/<int:pk>/hits/<int:mark_id>/unmark/",
        public_texts.link_hit_unmark,
        name="link_hit_unmark",
    ),
]
