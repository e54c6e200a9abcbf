"""Qt item models, each in its own module and tested directly."""
