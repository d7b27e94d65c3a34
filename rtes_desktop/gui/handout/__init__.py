"""What a trainer takes out of the library: printing and PDF (a fiche or a session,
print preview first), the handout export dialog, and the session kit to share."""
