"""« Mes sessions »: the trainer's ordered sessions of entries and notes."""
