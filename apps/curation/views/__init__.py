"""The curation dashboard's pages, one module per subdomain."""
