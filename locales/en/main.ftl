# Common interface of Cổng (English)

skip-to-content = Skip to main content
nav-main = Main navigation
nav-home = Home
lang-switch-label = Language
lang-switch-to = Tiếng Việt
breadcrumbs = Breadcrumb

home-pages = About
home-latest-news = Latest news
home-network-news = News from departments and communes
home-sites = Member sites
news-all = All news
news-empty = No news yet.
news-list-title = News
news-categories-title = News categories
news-category-feed = Latest news in this category (Atom)
news-category-label = Category
news-category-count = { $count ->
    [one] { $count } item
   *[other] { $count } items
}

item-author = Author
item-source = Source
item-revised = Updated
item-print = Print this page
item-withdrawn = This content has been withdrawn and is kept for reference only.
item-change-notes = Update history
item-tags = Tags
item-source-note = Author: { $author }. Source: { $source }. Please cite the source when republishing information from this site.

pagination = Pagination
pagination-prev = Previous page
pagination-next = Next page
pagination-page = Page { $page }
pagination-of = Page { $page } of { $last }

contact-title = Contact
contact-address = Address
contact-phone = Telephone
contact-fax = Fax
contact-email = E-mail
contact-hours = Office hours

footer-sites = Member sites
footer-copyright = © { $name }. Please cite the source when republishing information from this site.

site-kind-province = Province portal
site-kind-department = Department
site-kind-commune = Commune
site-kind-ward = Ward

error-code = Error { $status }
error-go-home = Go to the home page
error-go-province = Go to the province portal
error-not-found-title = Page not found
error-not-found-text = The page you are looking for does not exist or has moved. Check the address or start from the home page.
error-unknown-site-text = No site of this portal answers at this address. It may have changed after administrative units were reorganised.
error-gone-title = This content has been removed
error-gone-text = This content is no longer published on this site.
error-gone-note = Note from the editorial board:
error-internal-title = Something went wrong
error-internal-text = The system could not process your request. The fault has been logged; please try again in a few minutes.
error-database-unavailable-text = The system cannot reach its database for a moment; please try again in a few seconds.
error-bad-request-title = Bad request
error-bad-request-text = The request is not valid. Check the address.
error-bad-query-text = A parameter in the address is not valid.
error-bad-paging-text = The page number or page size is not valid: pages start at 1 and a page holds 1 to 100 items.
error-bad-lang-text = The language must be "vi" (Vietnamese) or "en" (English).
error-bad-site-text = No site has this code.
error-method-text = This address does not support the request method used.
error-too-large-text = The data sent is larger than allowed.

nav-menu = Menu
nav-close = Close the menu
footer-services = Look-ups and services
filter-clear = Clear the filters
form-error-prefix = Error:

# Translations
item-translation-outdated = This English translation is older than the Vietnamese text, which was updated on { $date }.
item-translation-current = Read the current Vietnamese text
untranslated-title = This page is not available in English
untranslated-text = It has not been translated into English yet. It is available in another language:
untranslated-in-vi = in Vietnamese
untranslated-in-en = in English
untranslated-section = Other pages of this section in English
untranslated-home = English home page

# The audit log and the job runs in words (keys built from stored values).
audit-content-create = content created
audit-content-edit = content edited
audit-content-withdraw = content withdrawn
audit-content-unpublish = content unpublished
audit-content-portal_show = shown on the portal
audit-content-portal_hide = hidden from the portal
audit-content-import_create = content imported (new)
audit-content-import_update = content imported (update)
audit-revision-edit = revision edited
audit-revision-submit = submitted for review
audit-revision-return = returned
audit-revision-approve = approved
audit-revision-publish = published
audit-revision-schedule = publication scheduled
audit-revision-emergency_publish = emergency publication
audit-revision-confirm_emergency = emergency publication confirmed
audit-revision-publish_scheduled = published as scheduled
audit-revision-restore = earlier revision restored
audit-legal-import_create = document imported (new)
audit-legal-import_update = document imported (update)
audit-services-import_create = procedure imported (new)
audit-services-import_update = procedure imported (update)
audit-site-create = site created
audit-site-rename = site renamed
audit-site-retire = site retired
audit-site-settings = site settings changed
audit-session-sign_in = signed in
audit-session-sign_in_failed = failed sign-in
audit-session-locked = sign-in locked
audit-session-sign_out = signed out
audit-session-sign_out_everywhere = signed out everywhere
audit-media-upload = file uploaded
audit-media-describe = file described
audit-media-replace = file replaced
audit-user-create = account created
audit-user-disable = account disabled
audit-user-password = password reset
audit-role-grant = role granted
audit-role-revoke = role revoked
audit-consultation-comment_approve = comment approved
audit-consultation-comment_reject = comment rejected
audit-consultation-comments_export = comments exported
audit-mail-retry = mail retried
audit-banner-create = banner created
audit-banner-end = banner ended
audit-object-banner = banner
audit-object-consultation_comment = comment
audit-object-content = content
audit-object-mail = mail
audit-object-media = file
audit-object-scheduler = scheduler
audit-object-session = session
audit-object-site = site
audit-object-user = account
audit-via-web = admin interface
audit-via-cli = command line
audit-via-import = import
audit-via-system = the server
job-temp-cleanup = temporary files clean-up
job-media-cleanup = unused files clean-up
job-publish-scheduled = scheduled publishing
job-housekeeping = housekeeping
job-mail-delivery = mail delivery
job-consultation-closing = closing consultations
job-consultation-retention = commenters' data retention
job-inbox-reminders = question reminders
job-inbox-retention = question data retention
job-outcome-ok = done
job-outcome-failed = failed
admin-job-detail = Technical detail (server log)
admin-any-site = Every site
admin-time-local = Vietnam time
admin-any-action = Every action
admin-csv = Download as CSV
home-latest-legal = Latest legal documents
home-all-legal = All legal documents
home-services-search = Search administrative procedures and public services
home-services-first = Most used procedures
home-services-online = Procedures and online services
home-all-services = All administrative procedures
home-latest-answers = Latest answers to citizens' questions
home-no-answers = No question has been answered publicly yet.
home-ask = Questions and answers, and asking one

# Audit notes and scheduled job reports, worded when they are read.
audit-note-revision = { $title } (revision { $number })
audit-note-restored = revision { $number } restored as a draft
audit-note-draft = { $title }: draft saved
audit-note-user-created = { $user }{ $system_admin ->
    [yes] {" "}(system administrator)
   *[no] {""}
}
audit-note-role = { $user }: { $role ->
    [contributor] contributor
    [editor] editor
    [board_head] head of the editorial board
    [site_admin] site administrator
   *[other] { $role }
}
audit-note-media-replaced = replaced by file { $file } ({ $drafts } draft(s) updated)
job-report-temp-cleanup = deleted { $count } abandoned temporary file(s)
job-report-media-cleanup = deleted { $count } unused upload(s)
job-report-publish-scheduled = published { $count } scheduled revision(s)
job-report-housekeeping = pruned { $log } change-log rows and { $runs } old job runs
job-report-mail-delivery = sent { $sent }, not delivered yet { $failed }
job-report-consultation-closing = { $count } consultation(s) closed
job-report-consultation-retention = anonymised the addresses of { $count } comment(s)
job-report-inbox-reminders = reminders: { $due_soon } due soon, { $overdue } overdue, { $board } to the board
job-report-inbox-retention = anonymised the personal data of { $count } question(s)
