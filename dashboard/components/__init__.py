"""Reusable widgets shared by pages: KPI row, RAG badge, project table, notices."""
