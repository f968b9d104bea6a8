search-title = Search
search-label = Words, or a document number
search-submit = Search
search-kinds = Kind of content
search-kind-all = All
search-kind-legal = Legal documents
search-kind-news = News
search-kind-page = Pages
search-kind-service = Public services
search-kind-qa = Questions
search-facets = Refine
search-facet-type = Type
search-facet-issuer = Issued by
search-facet-field = Field
search-facet-year = Year
search-facet-status = Status
search-count = { $count ->
    [one] 1 result
   *[other] { $count } results
}
search-count-more = More than { $count } results
search-did-you-mean = Did you mean
search-hint = Type words, with or without Vietnamese diacritics, or a document number such as 17/2019/QĐ-UBND.
search-rebuilding = Search is rebuilding its index; please try again in a few minutes. Every other page works as usual.
search-bad-kind = The kind must be legal, news, page, service or qa.
search-bad-granularity = The granularity must be document or article.
search-too-long = The search text is longer than { $max } characters and was not searched: type a few words or a document's number-symbol.
search-bad-sort = The order must be relevance or date.
search-header-label = Search this site
search-header-placeholder = Search news, documents, procedures…
search-header-legal = Legal documents only
search-kind-consultation = Consultations
