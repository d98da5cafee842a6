"""Pure metric engines (RAG, EVM, flow, forecasts).

Rule: nothing here imports streamlit, sqlalchemy or plotly, so every formula is
testable with plain pytest over scalars, dataclasses and DataFrames.
"""
