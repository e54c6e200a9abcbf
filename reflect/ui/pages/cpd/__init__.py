"""The CPD page: goals, activities, reflective accounts and discussions, revalidation logs and progress."""

from reflect.ui.pages.cpd.view import CpdView

__all__ = ["CpdView"]
