"""RDF layer: vocabulary, corpus -> triples, the on-disk workspace store."""
