"""Stage 4: renderers of whole pages and files from the site-wide index — the bibliography, the
apparatus pages, pictures, cards, metadata, search entries and exports — with their templates."""
