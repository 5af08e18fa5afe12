"""National public-service portal sync (DOMAIN §10): dossiers and their progress, through the province's gateway."""
