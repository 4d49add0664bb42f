"""The guide knowledge base: parsing, storage, read API and item linking."""
