"""A report as a file: its JSON as the table the screen shows (documento), drawn as XLSX or PDF."""
