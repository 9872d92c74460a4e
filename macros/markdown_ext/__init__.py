"""Stage 2: the Python-Markdown extension that turns one chapter's Markdown into HTML: citations,
reference lists, printed note numbers, paragraph numbers, the editor's layer, index links and the
chapter's search sections."""
