"""PDF reports (reportlab, Qt-free); import the submodules lazily, they load reportlab and numpy."""
