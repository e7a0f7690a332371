"""Question types: one class per type; see `base` for what a type owns and `registry` for
the list. Kept empty so importing `base` never loads every type (the GIFT data module and
the types import each other's pieces)."""
