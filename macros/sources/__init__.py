"""Stage 1: reading what editors write — BibTeX, the YAML data files, chapters and their front matter,
the citation syntax — into typed records, every problem with its file and line."""
