"""Catalogue of administrative procedures (danh mục thủ tục hành chính), versioned per procedure."""
