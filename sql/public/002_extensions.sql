-- btree_gist lets one GiST index combine equality on scalars (staff_id) with range overlap
-- (appointment times): the exclusion constraint that makes double booking impossible.
-- A trusted extension since PostgreSQL 13 (a database owner may create it); PGlite ships it.
CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;
