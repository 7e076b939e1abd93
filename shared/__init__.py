"""The ERP Web platform package: what every service needs and nothing domain-specific."""
