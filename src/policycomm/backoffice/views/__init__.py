"""The staff site, one module per feature: HTTP in, a service or selector call, HTTP out."""
