// placeholder so the target has a source\nnamespace silt::parquet {}
