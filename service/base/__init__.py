"""Base: what every layer may import and which imports no other layer — document types, coded errors, the
contract (schema), settings (the only reader of the environment), version, vocabulary files, JSON lines."""
