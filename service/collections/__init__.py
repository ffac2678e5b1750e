"""Collections: what works on many documents — batch files, durable jobs, exports, the cross-year audit, reviews.
Documents run through runtime's pools; results live in the store. Never reaches into a core stage."""
