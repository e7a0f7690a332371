"""Content shared by every part of the site: the home page, StreamField blocks, snippets
(crisis lines, glossary) and the demo data loader."""
