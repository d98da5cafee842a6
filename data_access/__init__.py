"""Data access: SQLAlchemy models, typed read queries, demo seed, migrations.

Rule: nothing here imports streamlit, plotly or dashboard.
"""
