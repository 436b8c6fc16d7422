"""Staff accounts on the staff side: signing in, passwords, the accounts list, the guards."""

from admin.accounts.pages import accounts_router

__all__ = ["accounts_router"]
