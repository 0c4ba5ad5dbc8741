"""What each role gets from each URL pattern of the project, by GET.

A row is eight outcomes, one per role, in the order of world.ROLES:

    anonymous  referrer  other_referrer  member  coordinator  reviewer  other_reviewer  admin

200, 400, 403, 404, 405 (the view answers POST only), 410...; `login` is a redirect to sign in;
302 a redirect anywhere else; `200|302` accepts either. The objects behind each URL are the
world's (world.py): the referral was submitted by `referrer` and is linked to the review case
`reviewer` is appointed to; `other_reviewer` is appointed to another case; the draft is
`referrer`'s; `admin` is a superuser with the admin role only.

Every pattern of the project has a row here or is in EXCLUDED (with why); the Django admin is
covered by a rule in admin_urls.py. Surprising entries say why they are right."""

from .world import ROLES

# Patterns not walked, and why. (None today: static files are served by WhiteNoise's middleware,
# not by a URL pattern, and there are no media or debug patterns.)
EXCLUDED: dict[str, str] = {}

# Roles that may see the world referral's child's name, on a page they may see (200): its
# referrer, the Review Group, the reviewer of a case it is linked to, and the admin (Django
# admin, the audit trail). Nobody else ever gets it; no 403/404 page shows it to anyone.
MAY_SEE_THE_CHILD = frozenset({"referrer", "member", "coordinator", "reviewer", "admin"})

#            anon   ref   oref  member coord  rev   orev  admin
EXPECTED = {
    # --- Everyone -----------------------------------------------------------------------------
    "home": "200 200 200 200 200 200 200 200",
    "healthz": "200 200 200 200 200 200 200 200",
    "favicon.ico": "302 302 302 302 302 302 302 302",  # to the hashed static file
    # The admin's own sign-in page is not used: one sign-in page for everyone.
    "admin/login/": "login login login login login login login login",
    # --- Accounts -----------------------------------------------------------------------------
    # Signed in already: sent on (home or the next page), not shown the sign-up or sign-in form.
    "accounts:register": "200 302 302 302 302 302 302 302",
    "accounts:login": "200 302 302 302 302 302 302 302",
    "accounts:register_done": "200 200 200 200 200 200 200 200",
    "accounts:resend_verification": "200 200 200 200 200 200 200 200",
    # A token that is not one: 400 with the "link not valid" page, whoever follows it.
    "accounts:verify_email": "400 400 400 400 400 400 400 400",
    "accounts:logout": "405 405 405 405 405 405 405 405",  # POST only (Django's LogoutView)
    "accounts:password_reset": "200 200 200 200 200 200 200 200",
    "accounts:password_reset_done": "200 200 200 200 200 200 200 200",
    # An invalid link: the page says so (200), whoever follows it.
    "accounts:password_reset_confirm": "200 200 200 200 200 200 200 200",
    "accounts:password_reset_complete": "200 200 200 200 200 200 200 200",
    # Every signed-in role sees its own sessions and signs out everywhere else (POST).
    "accounts:sessions": "login 200 200 200 200 200 200 200",
    # Every signed-in role changes its own password (staff with a recent second factor).
    "accounts:password_change": "login 200 200 200 200 200 200 200",
    # The second factor is for staff; referrers have none (design.md §1).
    "accounts:two_factor": "login 403 403 200 200 200 200 200",
    "accounts:two_factor_setup": "login 403 403 302 302 302 302 302",  # enrolled already: back to 2fa
    # An enrolment invitation that is not one: the "link not valid" page (400) for staff.
    "accounts:two_factor_enrol": "login 403 403 400 400 400 400 400",
    "accounts:two_factor_verify": "login 403 403 200 200 200 200 200",
    "accounts:two_factor_confirm": "login 403 403 200 200 200 200 200",  # "Confirm it's you"
    "accounts:two_factor_recovery": "login 403 403 200 200 200 200 200",
    "accounts:two_factor_regenerate_codes": "login 403 403 405 405 405 405 405",  # POST only
    "accounts:two_factor_reset": "login 403 403 405 405 405 405 405",  # POST only
    # Re-enrolment (a new enrolment link): coordinators (members, reviewers) and the administrator.
    "accounts:staff_enrolment_link": "login 403 403 403 200 403 403 200",
    # Allow-listed domains: coordinators (design.md §1), and the system administrator.
    "accounts:domain_list": "login 403 403 403 200 403 403 200",
    "accounts:domain_add": "login 403 403 403 200 403 403 200",
    "accounts:domain_change": "login 403 403 403 200 403 403 200",
    "accounts:domain_remove": "login 403 403 403 200 403 403 200",
    # The audit trail of a record (here the child's): coordinators and the admin.
    "audit:history": "login 403 403 403 200 403 403 200",
    # --- Referrals: the referrer's own --------------------------------------------------------
    "referrals:list": "login 200 200 403 403 403 403 403",  # each referrer their own list
    "referrals:start": "login 200 200 403 403 403 403 403",
    # A draft: its referrer only; another referrer's is 404, staff are not referrers (403).
    "referrals:draft": "login 302 404 403 403 403 403 403",  # resumes at the first page
    "referrals:draft_delete": "login 200 404 403 403 403 403 403",
    "referrals:check_answers": "login 200 404 403 403 403 403 403",
    "referrals:draft_document": "login 200 404 403 403 403 403 403",
    "referrals:draft_document_remove": "login 200 404 403 403 403 403 403",
    "referrals:item_add": "login 200 404 403 403 403 403 403",
    "referrals:item_change": "login 200 404 403 403 403 403 403",
    "referrals:item_remove": "login 200 404 403 403 403 403 403",
    "referrals:step": "login 200 404 403 403 403 403 403",
    # One referral (design.md §3): owner, member, coordinator; a reviewer only if it is linked to
    # their case (this one is: 200; the other reviewer's case is not: 404). Everyone else gets
    # the 404 of a reference that does not exist. The admin reads referrals in the Django admin.
    "referrals:detail": "login 200 404 200 200 200 404 404",
    "referrals:document": "login 200 404 200 200 200 404 404",
    # Only its referrer confirms, withdraws or answers; staff act from the triage page (404).
    "referrals:submitted": "login 200 404 404 404 404 404 404",
    "referrals:withdraw": "login 200 404 404 404 404 404 404",
    "referrals:request_withdrawal": "login 302 404 404 404 404 404 404",  # still submitted: withdraw it
    "referrals:information_answer": "login 200 404 404 404 404 404 404",
    # --- Triage and decisions: member and coordinator (design.md §3) --------------------------
    "reviews:queue": "login 403 403 200 200 403 403 403",
    "reviews:queue_export": "login 403 403 403 200 403 403 403",  # exports: coordinators
    "reviews:triage": "login 403 403 200 200 403 403 403",
    "reviews:triage_start": "405 405 405 405 405 405 405 405",  # POST only (before sign-in check)
    "reviews:triage_sin": "login 403 403 200 200 403 403 403",
    "reviews:triage_rapid_review_start": "login 403 403 200 200 403 403 403",
    "reviews:triage_rapid_review": "login 403 403 302 302 403 403 403",  # not started: to its start
    "reviews:triage_send_to_panel": "login 403 403 200 200 403 403 403",
    # Only for a step done late; the world's referral has none (test_triage_lateness.py: 200).
    "reviews:triage_late_reason": "login 403 403 404 404 403 403 403",
    # The world's two referrals are not about the same child: no answer page between them.
    "reviews:triage_duplicate": "login 403 403 404 404 403 403 403",
    "reviews:triage_ready_for_decision": "login 403 403 200 200 403 403 403",
    "reviews:triage_withdraw": "login 403 403 403 200 403 403 403",  # coordinators
    "reviews:triage_merge": "login 403 403 403 200 403 403 403",  # coordinators
    "reviews:triage_themes": "login 403 403 200 200 403 403 403",
    "reviews:triage_conflict": "login 403 403 200 200 403 403 403",
    "reviews:triage_ask": "login 403 403 200 200 403 403 403",
    "reviews:decision": "login 403 403 200 200 403 403 403",
    "reviews:decision_confirm": "login 403 403 200 200 403 403 403",
    "reviews:communications": "login 403 403 200 200 403 403 403",
    "reviews:close": "405 405 405 405 405 405 405 405",  # POST only
    # The theme list is the coordinators' to keep.
    "reviews:themes": "login 403 403 403 200 403 403 403",
    "reviews:theme_add": "login 403 403 403 200 403 403 403",
    "reviews:theme_change": "login 403 403 403 200 403 403 403",
    "reviews:theme_retire": "login 403 403 403 200 403 403 403",
    "reviews:theme_reinstate": "405 405 405 405 405 405 405 405",  # POST only
    "reviews:dashboard": "login 403 403 200 200 403 403 403",
    # The staff-wide search (issue 17 §2): the Review Group's only; GET shows the empty form.
    "reviews:search": "login 403 403 200 200 403 403 403",
    "reviews:annual": "login 403 403 200 200 403 403 403",
    "reviews:annual_csv": "login 403 403 403 200 403 403 403",  # exports: coordinators
    "reviews:annual_timeliness_csv": "login 403 403 403 200 403 403 403",
    # --- Review cases: staff, a reviewer only their own (issue 5 §4: anything else is 404) -----
    "reviews:case_list": "login 403 403 200 200 200 200 403",  # a reviewer's lists only theirs
    "reviews:case_export": "login 403 403 403 200 403 403 403",
    "reviews:action_list": "login 403 403 200 200 403 403 403",
    "reviews:case": "login 403 403 200 200 200 404 403",
    # An old address by id: on to the case's own for whoever may see it; 404 for everyone else,
    # whatever their role, so an id says nothing about whether a case exists.
    "reviews:case_by_id": "login 404 404 302 302 302 404 404",
    "reviews:case_by_id_path": "login 404 404 302 302 302 404 404",
    # The coordinators run the case (issue 5): the appointed reviewer gets 403 on their own case,
    # the other reviewer 404 (never told the case exists). Progress checks are the coordinators'
    # record of the reviewer's progress (issue 5 §3), not the reviewer's.
    "reviews:case_move": "login 403 403 403 200 403 404 403",
    "reviews:case_reviewers": "login 403 403 403 200 403 404 403",
    "reviews:case_details": "login 403 403 403 200 403 404 403",
    "reviews:case_progress": "login 403 403 403 200 200 404 403",
    # The world's case has no step done late, so even its coordinator finds no reason page.
    "reviews:case_late_reason": "login 403 403 403 404 403 404 403",
    "reviews:contribution_add": "login 403 403 403 200 403 404 403",
    "reviews:contribution": "login 403 403 403 200 403 404 403",
    "reviews:contribution_received": "login 403 403 403 200 403 404 403",
    # The world's contribution has not come late: no reason page for it.
    "reviews:contribution_late_reason": "login 403 403 403 404 403 404 403",
    "reviews:practitioner_event_add": "login 403 403 403 200 403 404 403",
    "reviews:practitioner_event": "login 403 403 403 200 403 404 403",
    "reviews:family_add": "login 403 403 403 200 403 404 403",
    "reviews:family": "login 403 403 403 200 403 404 403",
    # Documents: the case's reviewer reads and uploads (drafts); members read.
    "reviews:case_documents": "login 403 403 200 200 200 404 403",
    "reviews:case_document_add": "login 403 403 403 200 200 404 403",
    "reviews:case_document": "login 403 403 200 200 200 404 403",
    "reviews:case_document_version_add": "login 403 403 403 200 200 404 403",
    "reviews:case_document_download": "login 403 403 200 200 200 404 403",
    # Action plans (on the world's case in action monitoring, `reviewer` appointed to it too).
    "reviews:recommendation_add": "login 403 403 403 200 403 404 403",
    "reviews:recommendation": "login 403 403 403 200 403 404 403",
    "reviews:action_add": "login 403 403 403 200 403 404 403",
    "reviews:action": "login 403 403 403 200 403 404 403",
    "reviews:action_edit": "login 403 403 403 200 403 404 403",
    "reviews:action_close": "login 403 403 403 200 403 404 403",
    "reviews:action_carry_forward": "login 403 403 403 200 403 404 403",
    # --- Publications, staff side: coordinators write and publish; members read ---------------
    "publications:list": "login 403 403 200 200 403 403 403",
    "publications:start": "login 403 403 403 200 403 403 403",
    "publications:new": "login 403 403 403 200 403 403 403",
    "publications:detail": "login 403 403 200 200 403 403 403",
    "publications:details": "login 403 403 403 200 403 403 403",
    "publications:section_new": "login 403 403 403 200 403 403 403",
    "publications:section_edit": "login 403 403 403 200 403 403 403",
    "publications:section_remove": "login 403 403 403 200 403 403 403",
    "publications:section_move": "405 405 405 405 405 405 405 405",  # POST only
    "publications:report_upload": "login 403 403 403 200 403 403 403",
    # Coordinators; the world's publication has no uploaded report, so no page of one.
    "publications:upload_page": "login 403 403 403 404 403 403 403",
    "publications:upload_page_image": "login 403 403 403 404 403 403 403",
    "publications:family": "login 403 403 403 200 403 403 403",
    "publications:terms": "login 403 403 403 200 403 403 403",
    "publications:term_remove": "405 405 405 405 405 405 405 405",  # POST only
    # Coordinators; with no hit named in the address, back to the publication with a message.
    "publications:hit_mark": "login 403 403 403 302 403 403 403",
    "publications:hit_confirm": "405 405 405 405 405 405 405 405",  # POST only
    "publications:hit_unmark": "405 405 405 405 405 405 405 405",  # POST only
    "publications:publish": "login 403 403 403 200 403 403 403",
    "publications:unschedule": "login 403 403 403 200 403 403 403",
    # A draft cannot be withdrawn: back to its page (the live one's form: VARIANTS).
    "publications:withdraw": "login 403 403 403 302 403 403 403",
    "publications:key_messages": "login 403 403 200 200 403 403 403",
    "publications:key_messages_new": "login 403 403 403 200 403 403 403",
    "publications:key_messages_edit": "login 403 403 403 200 403 403 403",
    # The confirm page: coordinators (the world's messages are published, nothing waits).
    "publications:key_messages_publish": "login 403 403 403 200 403 403 403",
    "publications:key_messages_unpublish": "405 405 405 405 405 405 405 405",  # POST only
    "publications:links": "login 403 403 200 200 403 403 403",
    "publications:register": "login 403 403 403 200 403 403 403",  # private: coordinators
    "publications:link_new": "login 403 403 403 200 403 403 403",
    "publications:link_edit": "login 403 403 403 200 403 403 403",
    "publications:link_publish": "login 403 403 403 200 403 403 403",
    "publications:link_unpublish": "405 405 405 405 405 405 405 405",  # POST only
    "publications:link_remove": "405 405 405 405 405 405 405 405",  # POST only
    # Coordinators; with no hit named in the address, back to the check page with a message.
    "publications:key_messages_hit_mark": "login 403 403 403 302 403 403 403",
    "publications:key_messages_hit_confirm": "405 405 405 405 405 405 405 405",  # POST only
    "publications:key_messages_hit_unmark": "405 405 405 405 405 405 405 405",  # POST only
    "publications:link_hit_mark": "login 403 403 403 302 403 403 403",
    "publications:link_hit_confirm": "405 405 405 405 405 405 405 405",  # POST only
    "publications:link_hit_unmark": "405 405 405 405 405 405 405 405",  # POST only
    # --- The public site: everyone, signed in or not (the live publication) -------------------
    "reports:list": "200 200 200 200 200 200 200 200",
    "reports:feed": "200 200 200 200 200 200 200 200",
    "reports:detail": "200 200 200 200 200 200 200 200",
    "reports:report_pdf": "200 200 200 200 200 200 200 200",
    "reports:briefing_pdf": "200 200 200 200 200 200 200 200",
    "reports:learning": "200 200 200 200 200 200 200 200",
}

ALL_404 = "404 404 404 404 404 404 404 404"
# More requests on patterns above, with other objects: label -> (pattern, kwargs, row).
VARIANTS = {
    # A draft is not public, for anyone (staff read it on the staff pages).
    "reports:detail[draft]": ("reports:detail", lambda w: {"slug": w.draft_publication.slug}, ALL_404),
    "reports:report_pdf[draft]": (
        "reports:report_pdf",
        lambda w: {"slug": w.draft_publication.slug},
        ALL_404,
    ),
    "reports:briefing_pdf[draft]": (
        "reports:briefing_pdf",
        lambda w: {"slug": w.draft_publication.slug},
        ALL_404,
    ),
    # Withdrawn: the page says so (410 Gone); its PDFs are gone.
    "reports:detail[withdrawn]": (
        "reports:detail",
        lambda w: {"slug": w.withdrawn_publication.slug},
        "410 410 410 410 410 410 410 410",
    ),
    "reports:report_pdf[withdrawn]": (
        "reports:report_pdf",
        lambda w: {"slug": w.withdrawn_publication.slug},
        ALL_404,
    ),
    "reports:briefing_pdf[withdrawn]": (
        "reports:briefing_pdf",
        lambda w: {"slug": w.withdrawn_publication.slug},
        ALL_404,
    ),
    # The live publication can be withdrawn, by a coordinator.
    "publications:withdraw[live]": (
        "publications:withdraw",
        lambda w: {"pk": w.live_publication.pk},
        "login 403 403 403 200 403 403 403",
    ),
    # The other reviewer's case by its old id: on for them, 404 for the world's reviewer.
    "reviews:case_by_id[other]": (
        "reviews:case_by_id",
        lambda w: {"pk": w.other_case.pk},
        "login 404 404 302 302 404 302 404",
    ),
    # The other reviewer's own case: theirs to read (and the world's reviewer's not).
    "reviews:case[other]": (
        "reviews:case",
        lambda w: {"reference": w.other_case.reference},
        "login 403 403 200 200 404 200 403",
    ),
    # The other referrer's referral: theirs and the Review Group's; not linked to any case, so
    # no reviewer's.
    "referrals:detail[other]": (
        "referrals:detail",
        lambda w: {"reference": w.other_referral.reference},
        "login 404 200 200 200 404 404 404",
    ),
}

# An object of one record in the URL of another (an id changed in the URL): 404 to everyone
# who may open the record in the URL, never the object. label -> (pattern, kwargs, row).
CROSSED = {
    "referrals:document[other referral's]": (
        "referrals:document",
        lambda w: {"reference": w.referral.reference, "document_id": w.other_referral_document.pk},
        "login 404 404 404 404 404 404 404",
    ),
    "referrals:draft_document[other draft's]": (
        "referrals:draft_document",
        lambda w: {"public_id": w.draft.public_id, "document_id": w.other_draft_document.pk},
        "login 404 404 403 403 403 403 403",
    ),
    "referrals:draft_document_remove[other draft's]": (
        "referrals:draft_document_remove",
        lambda w: {"public_id": w.draft.public_id, "document_id": w.other_draft_document.pk},
        "login 404 404 403 403 403 403 403",
    ),
    "referrals:item_change[other draft's]": (
        "referrals:item_change",
        lambda w: {"public_id": w.draft.public_id, "section": "children", "item_id": w.other_draft_child.pk},
        "login 404 404 403 403 403 403 403",
    ),
    "referrals:item_remove[other draft's]": (
        "referrals:item_remove",
        lambda w: {"public_id": w.draft.public_id, "section": "children", "item_id": w.other_draft_child.pk},
        "login 404 404 403 403 403 403 403",
    ),
    "reviews:case_document[other case's]": (
        "reviews:case_document",
        lambda w: {"reference": w.case.reference, "document_id": w.other_case_document.pk},
        "login 403 403 404 404 404 404 403",
    ),
    "reviews:case_document_version_add[other case's]": (
        "reviews:case_document_version_add",
        lambda w: {"reference": w.case.reference, "document_id": w.other_case_document.pk},
        "login 403 403 403 404 404 404 403",
    ),
    "reviews:case_document_download[other case's]": (
        "reviews:case_document_download",
        lambda w: {"reference": w.case.reference, "document_id": w.other_case_document.pk, "number": 1},
        "login 403 403 404 404 404 404 403",
    ),
    "reviews:contribution[other case's]": (
        "reviews:contribution",
        lambda w: {"reference": w.case.reference, "contribution_id": w.other_contribution.pk},
        "login 403 403 403 404 403 404 403",
    ),
    "reviews:contribution_received[other case's]": (
        "reviews:contribution_received",
        lambda w: {"reference": w.case.reference, "contribution_id": w.other_contribution.pk},
        "login 403 403 403 404 403 404 403",
    ),
    "reviews:practitioner_event[other case's]": (
        "reviews:practitioner_event",
        lambda w: {"reference": w.case.reference, "event_id": w.other_practitioner_event.pk},
        "login 403 403 403 404 403 404 403",
    ),
    "reviews:family[other case's]": (
        "reviews:family",
        lambda w: {"reference": w.case.reference, "engagement_id": w.other_family_engagement.pk},
        "login 403 403 403 404 403 404 403",
    ),
    "reviews:action[other case's]": (
        "reviews:action",
        lambda w: {"reference": w.case.reference, "action_id": w.action.pk},
        "login 403 403 403 404 403 404 403",
    ),
    "reviews:action_edit[other case's]": (
        "reviews:action_edit",
        lambda w: {"reference": w.case.reference, "action_id": w.action.pk},
        "login 403 403 403 404 403 404 403",
    ),
    "reviews:recommendation[other case's]": (
        "reviews:recommendation",
        lambda w: {"reference": w.other_case.reference, "number": w.recommendation.number},
        "login 403 403 403 404 404 403 403",
    ),
    "publications:section_edit[other publication's]": (
        "publications:section_edit",
        lambda w: {"pk": w.draft_publication.pk, "section_id": w.other_section.pk},
        "login 403 403 403 404 403 403 403",
    ),
    "publications:section_remove[other publication's]": (
        "publications:section_remove",
        lambda w: {"pk": w.draft_publication.pk, "section_id": w.other_section.pk},
        "login 403 403 403 404 403 403 403",
    ),
}
VARIANTS.update(CROSSED)


# POST-only views (405 to a GET): their access checks run on POST, so they are posted to as well,
# with no data. Those allowed get a redirect (the action done, or refused with a message) or
# the form again with its errors (200).
POST_ONLY = sorted(key for key, row in EXPECTED.items() if "405" in row.split())
#                anon   ref   oref  member coord  rev   orev  admin
POST_EXPECTED = {
    "reviews:triage_start": "login 403 403 200 200 403 403 403",  # 200: the form, with its errors
    "reviews:close": "login 403 403 403 302 403 403 403",  # coordinators
    # Coordinators; the world's theme is not retired, so there is none to reinstate (404).
    "reviews:theme_reinstate": "login 403 403 403 404 403 403 403",
    "publications:section_move": "login 403 403 403 302 403 403 403",
    "publications:term_remove": "login 403 403 403 302 403 403 403",
    "publications:hit_confirm": "login 403 403 403 302 403 403 403",  # (marked by this coordinator: refused)
    "publications:hit_unmark": "login 403 403 403 302 403 403 403",
    "publications:key_messages_unpublish": "login 403 403 403 302 403 403 403",
    "publications:link_unpublish": "login 403 403 403 302 403 403 403",
    # No such mark on the world's key messages or link (the world's one is on a publication).
    "publications:key_messages_hit_confirm": "login 403 403 403 404 403 403 403",
    "publications:key_messages_hit_unmark": "login 403 403 403 404 403 403 403",
    "publications:link_hit_confirm": "login 403 403 403 404 403 403 403",
    "publications:link_hit_unmark": "login 403 403 403 404 403 403 403",
    "publications:link_remove": "login 403 403 403 302 403 403 403",  # (after unpublish: it deletes)
    # Each member of staff their own second factor; referrers have none.
    "accounts:two_factor_regenerate_codes": "login 403 403 302 302 302 302 302",
    "accounts:two_factor_reset": "login 403 403 302 302 302 302 302",  # (second last: it resets)
    "accounts:logout": "302 302 302 302 302 302 302 302",  # last: it signs out
}


def expected_for(row, role) -> tuple:
    """The outcomes `row` allows `role`: a row string, or a dict of role (or "*") -> outcomes."""
    if isinstance(row, dict):
        return tuple(row.get(role, row.get("*")))
    tokens = row.split()
    assert len(tokens) == len(ROLES), f"row {row!r} has {len(tokens)} outcomes, not {len(ROLES)}"
    return tuple(int(t) if t.isdigit() else t for t in tokens[ROLES.index(role)].split("|"))
