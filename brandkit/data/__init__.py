"""Record readers: staff and procedure lists from CSV or XLSX, headers mapped to our fields."""
