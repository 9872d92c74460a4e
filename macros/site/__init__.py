"""Stage 3: what spans pages, once every page is read: the index of chapters, citations and listings,
where each work is cited, the works of the unified bibliography, cross-page checks."""
