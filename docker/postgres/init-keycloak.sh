#!/bin/bash
# First start of the postgres volume only: Keycloak's own database and role, apart from
# Ratiba's (the official image runs /docker-entrypoint-initdb.d/* once).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v kc_password="$KEYCLOAK_DB_PASSWORD" <<'SQL'
CREATE ROLE keycloak LOGIN PASSWORD :'kc_password';
CREATE DATABASE keycloak OWNER keycloak;
SQL
