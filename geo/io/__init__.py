"""Reading files into text cells: CSV, XLSX, geo files; numbers written as text; safe writes."""
