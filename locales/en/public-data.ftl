# Public data: projects, procurement, statistics, plans, budget disclosures, science and
# technology (the store-backed kinds of record).

stored-filters = Filter the list
stored-site = Agency
stored-count = { $count ->
    [0] No items
    [one] 1 item
   *[other] { $count } items
}
stored-facts = Key facts
stored-published = Published
stored-documents = Documents
stored-new = New
stored-edit = Edit
stored-bad-year = The year must be a number, such as 2026.
stored-bad-filter = This filter value is not valid.
stored-record-missing = This item's record is missing or unreadable.
stored-draft-needs-account = The item is a draft: import with --as to propose the change to the editorial board.
stored-error-record = The record does not have the expected shape.
stored-error-number = Must be a number, with a decimal point and no thousands separators (such as 1250.5).
stored-error-negative = Must not be negative.
stored-error-date = Write the date as year-month-day, such as 2026-12-31.
stored-error-moment = Write the moment as year-month-dayThour:minute (Vietnam time), such as 2026-12-31T17:00.
stored-error-choice = Choose one of the values offered.
stored-error-link = The address must start with https://, http:// or / (a file of the library).
stored-error-row = This line cannot be read.
stored-hint-amount = Millions of đồng; a decimal point, no thousands separators.
stored-hint-moment = Vietnam time (UTC+7).

search-kind-project = Projects
search-kind-procurement = Procurement
search-kind-dataset = Statistics
search-kind-plan = Plans
search-kind-budget = Budget
search-kind-science = Science and technology

## Investment projects
project-title = Investment projects
project-one = Investment project
project-none = No project matches.
project-new = New project
project-edit = Edit project
project-field-code = Project code
project-field-name = Name
project-field-investor = Investor
project-field-commune = Location (commune, ward)
project-field-field = Field
project-field-total_investment = Total investment (million VND)
project-field-capital_source = Capital source
project-field-decision = Approval decision (number-symbol)
project-field-status = Status
project-field-starts_on = Start
project-field-ends_on = End (planned)
project-field-summary = Summary
project-field-updates = Progress
project-field-documents = Documents
project-field-year = Start year
project-hint-updates = One milestone a line: date | text, such as 2026-05-01 | Construction started.
project-hint-documents = One document a line: name | address (https://… or /tep/…).
project-status-proposed = Proposed
project-status-approved = Approved
project-status-under_construction = Under construction
project-status-completed = Completed
project-status-suspended = Suspended
project-error-ends-before = The end must come after the start.
