//! JWE (RFC 7516) compact serialization: key management and content encryption on aws-lc-rs.
