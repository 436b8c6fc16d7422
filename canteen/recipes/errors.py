"""The recipes' domain errors: each carries its parameters; the web layer translates it."""

from __future__ import annotations

from canteen.errors import N_, DomainError


class RecipeNotFound(DomainError):
    status = 404
    message = N_("This recipe sheet does not exist.")


class CoversForListInvalid(DomainError):
    status = 422
    message = N_("Choose a number of covers between 1 and {max}.")


class NoRecipeChosen(DomainError):
    status = 422
    message = N_("Choose at least one recipe sheet.")


class MixedCurrencies(DomainError):
    status = 422
    message = N_("These recipe sheets count their costs in different currencies.")


class QuantityInvalid(DomainError):
    status = 422
    message = N_("The quantity of '{name}' is not valid (up to 3 decimals).")


class RecipeExists(DomainError):
    status = 409
    message = N_("A recipe sheet with this id already exists.")


class AllergenUnknown(DomainError):
    status = 422
    message = N_("'{code}' is not one of the 14 allergens.")


class DietConflict(DomainError):
    status = 422
    message = N_("A vegetarian dish cannot contain fish, crustaceans or molluscs.")
    vegan = N_("A vegan dish cannot contain milk, eggs, fish, crustaceans or molluscs.")


class DishNotFound(DomainError):
    status = 404
    message = N_("This dish is not on today's menu.")
