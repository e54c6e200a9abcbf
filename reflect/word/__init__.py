"""Portfolio exports: Word documents and plain text in the order portfolios ask (Qt-free).

Kept free of imports so the command line can name the record kinds without loading the
database layer.
"""

# what `reflect export KIND ID --format docx` can export (reflect.word.export.KINDS names them)
RECORD_KINDS = ("account", "reflection", "activity", "discussion")
